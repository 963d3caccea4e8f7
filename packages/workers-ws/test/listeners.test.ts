import { describe, expect, it } from "vitest";
import { Event, EventTarget, settle, type WebSocket } from "workers-ws";
import { describeError, NEW, OLD, pair, rs, Trace, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "24-listener-removal", "25-on-properties", "30-throwing-listener"; every
// expectation was recorded from workerd (probe scenarios listeners.js, capture.js, capture2.js,
// onthis.js, throwing.js), at both dates unless a table says otherwise.

type Listener = (ev: Event) => void;
const messages = (ws: WebSocket, t: Trace, name: string): Listener => {
  const listener = (ev: Event) => t.log(name, (ev as unknown as { data: unknown }).data);
  ws.addEventListener("message", listener);
  return listener;
};

describe.each([
  { date: OLD, thisIsTarget: false },
  { date: NEW, thisIsTarget: true },
])("listeners at $date", ({ date, thisIsTarget }) => {
  useRuntime({ compatibilityDate: date });

  it("dedupes a function added twice; removeEventListener, once and signal remove listeners", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    const f = messages(s, t, "f");
    s.addEventListener("message", f as never);
    s.addEventListener("message", (ev) => t.log("once", ev.data), { once: true });
    const controller = new AbortController();
    s.addEventListener("message", (ev) => t.log("signal", ev.data), { signal: controller.signal });
    const g = messages(s, t, "g");
    c.send("1");
    await settle();
    controller.abort();
    s.removeEventListener("message", g as never);
    c.send("2");
    await settle();
    s.removeEventListener("message", f as never);
    c.send("3");
    await settle();
    expect(t.lines).toEqual(["f 1", "once 1", "signal 1", "g 1", "f 2"]);
  });

  it("never adds a listener whose signal is already aborted", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    const controller = new AbortController();
    controller.abort();
    s.addEventListener("message", () => t.log("never"), { signal: controller.signal });
    messages(s, t, "ok");
    c.send("x");
    await settle();
    expect(t.lines).toEqual(["ok x"]);
  });

  it("calls a handler object's handleEvent with the object as this, reading handleEvent when added", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    const handler = {
      handleEvent(ev: Event) {
        t.log("handleEvent", this === handler, (ev as unknown as { data: unknown }).data);
      },
    };
    s.addEventListener("message", handler);
    s.addEventListener("message", handler);
    c.send("h");
    await settle();
    handler.handleEvent = () => t.log("replaced");
    c.send("h2");
    await settle();
    expect(t.lines).toEqual(["handleEvent true h", "handleEvent true h2"]);
  });

  it(`calls a function listener with this ${thisIsTarget ? "=== the socket" : "=== globalThis"} (set_event_target_this)`, async () => {
    const [c, s] = pair(true);
    const seen: unknown[] = [];
    s.addEventListener("message", function (this: unknown) {
      seen.push([this === s, this === globalThis]);
    });
    c.send("t");
    await settle();
    expect(seen).toEqual([thisIsTarget ? [true, false] : [false, true]]);
  });

  it("stops the later listeners of one event with stopImmediatePropagation(), not of the next", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    s.addEventListener("message", (ev) => {
      t.log("first", ev.data);
      if (ev.data === "a") ev.stopImmediatePropagation();
    });
    messages(s, t, "second");
    c.send("a");
    c.send("b");
    await settle();
    expect(t.lines).toEqual(["first a", "first b", "second b"]);
  });

  it("does not stop same-target listeners with stopPropagation()", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    s.addEventListener("message", (ev) => {
      ev.stopPropagation();
      t.log("first", ev.cancelBubble);
    });
    s.addEventListener("message", () => t.log("second"));
    c.send("a");
    await settle();
    expect(t.lines).toEqual(["first true", "second"]);
  });

  it("skips a listener removed by an earlier one; one added during a dispatch runs from the next event", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    const second: Listener = (ev) => t.log("second", (ev as unknown as { data: unknown }).data);
    s.addEventListener("message", (ev) => {
      t.log("first", ev.data);
      s.removeEventListener("message", second as never);
    });
    s.addEventListener("message", second as never);
    c.send("r");
    await settle();
    const [c2, s2] = pair(true);
    let added = false;
    s2.addEventListener("message", (ev) => {
      t.log("adder", ev.data);
      if (!added) {
        added = true;
        messages(s2, t, "late");
      }
    });
    c2.send("1");
    c2.send("2");
    await settle();
    expect(t.lines).toEqual(["first r", "adder 1", "adder 2", "late 2"]);
  });

  it("calls on<type> properties before every listener, with globalThis as this; null or a non-function disables them", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    messages(s, t, "listener");
    const on = s as unknown as Record<string, unknown>;
    on.onmessage = function (this: unknown, ev: { data: unknown }) {
      t.log("onmessage", ev.data, this === globalThis);
    };
    c.send("1");
    await settle();
    on.onmessage = (ev: { data: unknown }) => t.log("onmessage2", ev.data);
    c.send("2");
    await settle();
    on.onmessage = null;
    c.send("3");
    await settle();
    on.onmessage = "nope";
    c.send("4");
    await settle();
    t.log("own keys", Object.keys(s));
    on.onclose = (ev: { code: number }) => t.log("onclose", ev.code);
    c.close(1000);
    await settle();
    expect(t.lines).toEqual([
      "onmessage 1 true",
      "listener 1",
      "onmessage2 2",
      "listener 2",
      "listener 3",
      "listener 4",
      'own keys ["onmessage"]',
      "onclose 1000",
    ]);
  });

  it("lets an on<type> function stop the listeners with stopImmediatePropagation()", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    messages(s, t, "listener");
    (s as unknown as Record<string, unknown>).onmessage = (ev: Event) => ev.stopImmediatePropagation();
    c.send("x");
    await settle();
    expect(t.lines).toEqual([]);
  });

  it("delivers a close to a listener added in the same turn as the peer's close()", async () => {
    const [c, s] = pair(true);
    const codes: number[] = [];
    c.close(1000, "x");
    s.addEventListener("close", (ev) => codes.push(ev.code));
    await settle();
    expect(codes).toEqual([1000]);
  });

  it.each([
    ["true", true, "TypeError: addEventListener(): useCapture must be false."],
    ["5", 5, "TypeError: addEventListener(): useCapture must be false."],
    ["'x'", "x", "TypeError: addEventListener(): useCapture must be false."],
    ["{ capture: true }", { capture: true }, "TypeError: addEventListener(): options.capture must be false."],
    ["{ capture: 1 }", { capture: 1 }, "TypeError: addEventListener(): options.capture must be false."],
    [
      "{ signal: 5 }",
      { signal: 5 },
      "TypeError: Incorrect type for the 'signal' field on 'AddEventListenerOptions': the provided value is not of type 'AbortSignal'.",
    ],
    [
      "{ signal: null }",
      { signal: null },
      "TypeError: Incorrect type for the 'signal' field on 'AddEventListenerOptions': the provided value is not of type 'AbortSignal'.",
    ],
    ["false", false, "no error"],
    ["null", null, "no error"],
    ["{ capture: false }", { capture: false }, "no error"],
    ["{ passive: true }", { passive: true }, "no error"],
    ["{ once: 1 }", { once: 1 }, "no error"],
    ["{ signal: undefined }", { signal: undefined }, "no error"],
  ])("addEventListener options %s", (_label, options, expected) => {
    const [, s] = pair();
    const error = thrownBy(() => s.addEventListener("message", () => {}, options as never));
    expect(error === "no error" ? error : describeError(error)).toBe(expected);
  });

  it.each([
    ["true", true, "TypeError: removeEventListener(): useCapture must be false."],
    [
      "{ capture: true }",
      { capture: true },
      "TypeError: removeEventListener(): options.capture must be false.",
    ],
    ["{ signal: 5 }", { signal: 5 }, "no error"],
    ["false", false, "no error"],
  ])("removeEventListener options %s", (_label, options, expected) => {
    const [, s] = pair();
    const error = thrownBy(() => s.removeEventListener("message", () => {}, options as never));
    expect(error === "no error" ? error : describeError(error)).toBe(expected);
  });

  it("checks the type and listener arguments like workerd", () => {
    const [, s] = pair();
    const add = s.addEventListener.bind(s) as (...args: unknown[]) => void;
    const remove = s.removeEventListener.bind(s) as (...args: unknown[]) => void;
    const results = [
      () => add(),
      () => add("message"),
      () => add("message", undefined),
      () => add("message", null),
      () => add("message", 5),
      () => add("message", "str"),
      () => add("message", {}),
      () => add(Symbol(), () => {}),
      () => remove(),
      () => remove("message"),
      () => remove("message", undefined),
      () => remove("message", 5),
      () => remove("message", {}),
    ].map((fn) => {
      const error = thrownBy(fn);
      return error === "no error" ? error : describeError(error);
    });
    expect(results).toEqual([
      "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 1 is not of type 'string'.",
      "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.",
      "no error",
      "no error",
      "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.",
      "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.",
      "TypeError: Incorrect type for the 'handleEvent' field on 'HandlerObject': the provided value is not of type 'function'.",
      "TypeError: Cannot convert a Symbol value to a string",
      "TypeError: Failed to execute 'removeEventListener' on 'EventTarget': parameter 1 is not of type 'string'.",
      "TypeError: Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.",
      "no error",
      "TypeError: Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.",
      "no error",
    ]);
  });

  it("converts the type with ToString", () => {
    const target = new EventTarget();
    const seen: string[] = [];
    target.addEventListener(5 as unknown as string, () => seen.push("five"));
    expect(target.dispatchEvent(new Event("5"))).toBe(true);
    expect(seen).toEqual(["five"]);
  });

  it("ignores preventDefault() in a passive listener", () => {
    const target = new EventTarget();
    target.addEventListener("p", (ev) => ev.preventDefault(), { passive: true });
    const ev = new Event("p", { cancelable: true });
    expect(target.dispatchEvent(ev)).toBe(true);
    expect(ev.defaultPrevented).toBe(false);
  });
});

describe("set_event_target_this alone", () => {
  useRuntime({ compatibilityDate: OLD, compatibilityFlags: ["set_event_target_this"] });

  it("makes this the socket in a function listener in 2024, but not in on<type> functions", async () => {
    const [c, s] = pair(true);
    const seen: unknown[] = [];
    s.addEventListener("message", function (this: unknown) {
      seen.push(["listener", this === s]);
    });
    (s as unknown as Record<string, unknown>).onmessage = function (this: unknown) {
      seen.push(["onmessage", this === s]);
    };
    c.send("x");
    await settle();
    expect(seen).toEqual([
      ["onmessage", false],
      ["listener", true],
    ]);
  });
});

const LOST = "Uncaught Error: Network connection lost.";
const NO_CLOSE_FRAME = "WebSocket disconnected without sending Close frame.";

const stopping = {
  messageThrows: [
    "s:message m1 rs=1",
    "L1 m1",
    "s:error Uncaught Error: boom 1 rs=3",
    `c:error ${LOST} rs=3`,
    `c:close 1006 ${NO_CLOSE_FRAME} false rs=3`,
    "c.send ok",
    "s.send ok",
    "s.close ok",
    "final 3/3",
  ],
  onmessageThrows: [
    "s:error Uncaught RangeError: on boom rs=3",
    `c:close 1006 ${NO_CLOSE_FRAME} false rs=1`,
    "final 2/3",
  ],
  // the error listener's exception leaves workerd's continuation before the socket is released:
  // the peer never learns
  errorListenerThrows: ["s:message a rs=1", "s:error Uncaught Error: first rs=3", "EL", "final 1/3"],
};
const continuing = {
  messageThrows: [
    "s:message m1 rs=1",
    "L1 m1",
    "L2 m1",
    "s:error Uncaught Error: boom 1 rs=3",
    `c:error ${LOST} rs=3`,
    `c:close 1006 ${NO_CLOSE_FRAME} false rs=3`,
    "c.send ok",
    "s.send ok",
    "s.close ok",
    "final 3/3",
  ],
  onmessageThrows: [
    "s:message a rs=1",
    "s:error Uncaught RangeError: on boom rs=3",
    `c:close 1006 ${NO_CLOSE_FRAME} false rs=1`,
    "final 2/3",
  ],
  errorListenerThrows: [
    "s:message a rs=1",
    "s:error Uncaught Error: first rs=3",
    "EL",
    `c:close 1006 ${NO_CLOSE_FRAME} false rs=1`,
    "final 2/3",
  ],
};

describe.each([
  {
    label: OLD,
    options: { compatibilityDate: OLD },
    expected: stopping,
    closeThrows: [
      "s:close 1000 bye true rs=2",
      "CL1",
      "s:error Uncaught TypeError: close boom rs=3",
      `c:close 1006 ${NO_CLOSE_FRAME} false rs=2`,
      "final 3/3",
    ],
  },
  {
    label: NEW,
    options: { compatibilityDate: NEW },
    expected: continuing,
    closeThrows: [
      "s:close 1000 bye true rs=3",
      "CL1",
      "CL2 2/3",
      "c:close 1000 bye true rs=3",
      `s:error ${LOST} rs=3`,
      "final 3/3",
    ],
  },
  {
    label: `${OLD} + spec_compliant_dispatch_exceptions`,
    options: { compatibilityDate: OLD, compatibilityFlags: ["spec_compliant_dispatch_exceptions"] },
    expected: continuing,
    // only logged, and without auto-reply nothing more happens
    closeThrows: ["s:close 1000 bye true rs=2", "CL1", "CL2 2/2", "final 2/2"],
  },
])("throwing listeners at $label", ({ options, expected, closeThrows }) => {
  const env = useRuntime(options);

  function traced(t: Trace): [WebSocket, WebSocket] {
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    return [c, s];
  }

  function attempt(t: Trace, label: string, fn: () => void): void {
    const error = thrownBy(fn);
    t.log(label, error === "no error" ? "ok" : describeError(error));
  }

  it("errors the socket when a message listener throws; the peer sees close 1006", async () => {
    const t = new Trace();
    const [c, s] = traced(t);
    s.addEventListener("message", (ev) => {
      t.log("L1", ev.data);
      throw new Error("boom 1");
    });
    s.addEventListener("message", (ev) => t.log("L2", ev.data));
    c.send("m1");
    c.send("m2");
    await settle();
    attempt(t, "c.send", () => c.send("m3"));
    attempt(t, "s.send", () => s.send("x"));
    attempt(t, "s.close", () => s.close());
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.messageThrows);
  });

  it("handles a throwing on<type> function like a listener", async () => {
    const t = new Trace();
    const [c, s] = traced(t);
    (s as unknown as Record<string, unknown>).onmessage = () => {
      throw new RangeError("on boom");
    };
    c.send("a");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.onmessageThrows);
  });

  it("reports a thrown primitive as an Error with its string as message", async () => {
    const [c, s] = pair(true);
    const seen: unknown[] = [];
    s.addEventListener("message", () => {
      throw 42;
    });
    s.addEventListener("error", (ev) => seen.push([ev.message, describeError(ev.error)]));
    c.send("a");
    await settle();
    expect(seen).toEqual([["Uncaught Error: 42", "Error: 42"]]);
  });

  it("an error listener that throws", async () => {
    const t = new Trace();
    const [c, s] = traced(t);
    s.addEventListener("message", () => {
      throw new Error("first");
    });
    s.addEventListener("error", () => {
      t.log("EL");
      throw new Error("in error listener");
    });
    c.send("a");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.errorListenerThrows);
    // Both are logged: the message listener's (as workerd logs it), then the error listener's.
    expect(env.uncaught.map(describeError)).toEqual(["Error: first", "Error: in error listener"]);
  });

  it("a close listener that throws", async () => {
    const t = new Trace();
    const [c, s] = traced(t);
    s.addEventListener("close", () => {
      t.log("CL1");
      throw new TypeError("close boom");
    });
    s.addEventListener("close", () => t.log("CL2", rs(c, s)));
    c.close(1000, "bye");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(closeThrows);
    // workerd logs the exception at every date; without spec_compliant_dispatch_exceptions it also
    // errors the socket.
    expect(env.uncaught.map(describeError)).toEqual(["TypeError: close boom"]);
  });
});
