import { describe, expect, it } from "vitest";
import { CloseEvent, ErrorEvent, Event, MessageEvent } from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "29-event-constructors"; every value recorded from workerd with the probe
// scenarios evbefore.js, ce-code.js, ee.js and globals.js (the same at both dates, except the tags).

const outcome = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (error) {
    return describeError(error);
  }
};
const RANGE = "TypeError: Value out of range. Must be between -2147483648 and 2147483647 (inclusive).";

describe.each([
  { date: OLD, tags: ["[object Object]", "[object Object]", "[object Object]"] },
  { date: NEW, tags: ["[object CloseEvent]", "[object Event]", "[object MessageEvent]"] },
])("event constructors at $date", ({ date, tags }) => {
  useRuntime({ compatibilityDate: date });

  it("builds a CloseEvent with defaults code 0, reason '', wasClean false, as own properties", () => {
    const ev = new CloseEvent("close");
    expect([ev.code, ev.reason, ev.wasClean, ev.bubbles, ev.cancelable, ev.isTrusted]).toEqual([
      0,
      "",
      false,
      false,
      false,
      false,
    ]);
    const full = new CloseEvent("close", {
      code: 4000,
      reason: "r",
      wasClean: true,
      cancelable: true,
      bubbles: true,
    });
    expect([full.code, full.reason, full.wasClean, full.cancelable, full.bubbles]).toEqual([
      4000,
      "r",
      true,
      true,
      true,
    ]);
    expect(Object.keys(full)).toEqual(["wasClean", "reason", "code"]);
    expect(Object.getOwnPropertyNames(CloseEvent.prototype)).toEqual(["constructor"]);
    expect(describeError(thrownBy(() => ((full as unknown as { code: number }).code = 5)))).toBe(
      "TypeError: Cannot assign to read only property 'code' of object '#<CloseEvent>'",
    );
  });

  it("converts CloseEvent code as a C++ int and reason as a USVString", () => {
    const code = (value: unknown) => outcome(() => new CloseEvent("c", { code: value as number }).code);
    expect([
      code("4000"),
      code(70000),
      code(-1),
      code(1.9),
      code(Number.NaN),
      code(Number.POSITIVE_INFINITY),
      code("12abc"),
      code(null),
      code(true),
      code(2 ** 31 - 1),
    ]).toEqual([4000, 70000, -1, 1, 0, 0, 0, 0, 1, 2 ** 31 - 1]);
    expect([code(2 ** 31), code(2 ** 32), code(-(2 ** 31) - 1)]).toEqual([RANGE, RANGE, RANGE]);
    expect(new CloseEvent("c", { reason: 5 as unknown as string }).reason).toBe("5");
    expect(new CloseEvent("c", { reason: null as unknown as string }).reason).toBe("null");
    expect(new CloseEvent("c", { reason: "a\ud800" }).reason).toBe("a\ufffd");
    expect(new CloseEvent("c", { wasClean: "x" as unknown as boolean }).wasClean).toBe(true);
  });

  it("builds a MessageEvent with data null, origin '', lastEventId '', source null, ports []", () => {
    const ev = new MessageEvent("message");
    expect([ev.data, ev.origin, ev.lastEventId, ev.source, ev.ports, ev.isTrusted]).toEqual([
      null,
      "",
      "",
      null,
      [],
      false,
    ]);
    expect(Object.keys(ev)).toEqual(["ports", "source", "lastEventId", "origin", "data"]);
    const data = { a: 1 };
    const full = new MessageEvent("message", { data, origin: "o", lastEventId: "l" });
    expect([full.data, full.origin, full.lastEventId]).toEqual([data, "o", "l"]);
    expect(new MessageEvent("m", { lastEventId: null as unknown as string }).lastEventId).toBe("null");
    expect(new MessageEvent("m", { origin: null as unknown as string }).origin).toBeNull();
    expect(new MessageEvent("m", { source: null }).source).toBeNull();
    expect(Object.getOwnPropertyNames(MessageEvent.prototype)).toEqual(["constructor"]);
  });

  it("requires MessageEvent ports to be an Array of MessagePorts and source a MessagePort", () => {
    const make = (init: object) => outcome(() => new MessageEvent("m", init).ports.length);
    expect([
      make({ ports: undefined }),
      make({ ports: [] }),
      make({ ports: [1] }),
      make({ ports: new Set() }),
      make({ ports: null }),
      make({ source: {} }),
    ]).toEqual([
      0,
      0,
      "TypeError: Incorrect type for array element 0: the provided value is not of type 'MessagePort'.",
      "TypeError: Incorrect type for the 'ports' field on 'Initializer': the provided value is not of type 'Array'.",
      "TypeError: Incorrect type for the 'ports' field on 'Initializer': the provided value is not of type 'Array'.",
      "TypeError: Incorrect type for the 'source' field on 'Initializer': the provided value is not of type 'MessagePort'.",
    ]);
  });

  it("builds an ErrorEvent whose fields are prototype accessors; lineno and colno are C++ ints", () => {
    const ev = new ErrorEvent("error");
    expect([ev.message, ev.error, ev.filename, ev.lineno, ev.colno]).toEqual(["", undefined, "", 0, 0]);
    expect(Object.keys(ev)).toEqual([]);
    expect(Object.getOwnPropertyNames(ErrorEvent.prototype).sort()).toEqual([
      "colno",
      "constructor",
      "error",
      "filename",
      "lineno",
      "message",
    ]);
    const full = new ErrorEvent("error", { message: "m", error: 5, filename: "f", lineno: 3, colno: 4 });
    expect([full.message, full.error, full.filename, full.lineno, full.colno]).toEqual(["m", 5, "f", 3, 4]);
    expect(new ErrorEvent("e", { lineno: -1 }).lineno).toBe(-1);
    expect(new ErrorEvent("e", { lineno: 1.5, colno: "x" as unknown as number }).colno).toBe(0);
    expect(new ErrorEvent("e", { filename: null as unknown as string }).filename).toBe("null");
    expect(new ErrorEvent("e", { message: {} as unknown as string }).message).toBe("[object Object]");
    expect(outcome(() => new ErrorEvent("e", { lineno: 2 ** 32 }))).toBe(RANGE);
  });

  it("requires the type argument, and converts it with ToString", () => {
    const missing = (ctor: new (...args: never[]) => unknown) =>
      describeError(thrownBy(() => new (ctor as new () => unknown)()));
    expect([missing(CloseEvent), missing(MessageEvent), missing(ErrorEvent), missing(Event)]).toEqual([
      "TypeError: Failed to construct 'CloseEvent': constructor parameter 1 is not of type 'string'.",
      "TypeError: Failed to construct 'MessageEvent': constructor parameter 1 is not of type 'string'.",
      "TypeError: Failed to construct 'ErrorEvent': constructor parameter 1 is not of type 'string'.",
      "TypeError: Failed to construct 'Event': constructor parameter 1 is not of type 'string'.",
    ]);
    expect(new CloseEvent(5 as unknown as string).type).toBe("5");
    expect(new Event(null as unknown as string).type).toBe("null");
    expect(describeError(thrownBy(() => new Event(Symbol("x") as unknown as string)))).toBe(
      "TypeError: Cannot convert a Symbol value to a string",
    );
  });

  it("accepts any object as the init dictionary and refuses primitives, naming the dictionary", () => {
    const init = (make: () => unknown) =>
      outcome(() => {
        make();
        return "ok";
      });
    expect([
      init(() => new CloseEvent("c", null as never)),
      init(() => new CloseEvent("c", undefined)),
      init(() => new Event("c", (() => {}) as never)),
      init(() => new Event("c", [1] as never)),
      init(() => new CloseEvent("c", "x" as never)),
      init(() => new CloseEvent("c", 5 as never)),
      init(() => new Event("c", 5 as never)),
      init(() => new MessageEvent("c", 5 as never)),
      init(() => new ErrorEvent("c", 5 as never)),
    ]).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      "TypeError: Failed to construct 'CloseEvent': constructor parameter 2 is not of type 'Initializer'.",
      "TypeError: Failed to construct 'CloseEvent': constructor parameter 2 is not of type 'Initializer'.",
      "TypeError: Failed to construct 'Event': constructor parameter 2 is not of type 'Init'.",
      "TypeError: Failed to construct 'MessageEvent': constructor parameter 2 is not of type 'Initializer'.",
      "TypeError: Failed to construct 'ErrorEvent': constructor parameter 2 is not of type 'ErrorEventInit'.",
    ]);
  });

  it("has no target before a dispatch, and workerd's fixed values", () => {
    const ev = new Event("baz");
    expect([ev.currentTarget, ev.target, ev.srcElement]).toEqual([undefined, undefined, undefined]);
    expect([ev.composedPath().length, ev.eventPhase, ev.timeStamp, ev.isTrusted]).toEqual([0, 0, 0, false]);
    expect([ev.returnValue, ev.cancelBubble, ev.defaultPrevented]).toEqual([true, false, false]);
  });

  it("throws workerd's TypeError when an event class is called without new", () => {
    for (const ctor of [Event, CloseEvent]) {
      expect(describeError(thrownBy(() => (ctor as unknown as (t: string) => unknown)("x")))).toBe(
        `TypeError: Failed to construct '${ctor.name}': Please use the 'new' operator, this object constructor cannot be called as a function.`,
      );
    }
    expect([Event.length, CloseEvent.length, MessageEvent.length, ErrorEvent.length]).toEqual([0, 0, 0, 0]);
    expect(new CloseEvent("x").constructor).toBe(CloseEvent);
  });

  it(`reports toString tags ${tags.join(", ")} (set_tostring_tag)`, () => {
    expect(
      [new CloseEvent("c"), new Event("c"), new MessageEvent("c")].map((e) =>
        Object.prototype.toString.call(e),
      ),
    ).toEqual(tags);
  });
});
