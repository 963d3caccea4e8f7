import { describe, expect, it } from "vitest";
import {
  CloseEvent,
  ErrorEvent,
  Event,
  EventTarget,
  MessageEvent,
  Response,
  settle,
  WebSocket,
  WebSocketPair,
  webSocketErrorKind,
} from "workers-ws";
import { NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// The Web IDL shape workerd gives its classes (ground truth: conformance 29-webidl-shape,
// 01-pair-shape, 16-response-websocket-property, 24-throwing-listener).

const ILLEGAL =
  "Illegal invocation: function called with incorrect `this` reference. See https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.";

function setter(proto: object, key: string): (this: unknown, value: unknown) => void {
  return (Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor).set as (value: unknown) => void;
}

function getter(proto: object, key: string): (this: unknown) => unknown {
  return (Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor).get as () => unknown;
}

describe("brand checks", () => {
  useRuntime({ compatibilityDate: NEW });

  it("refuses a wrong `this` for methods, getters and setters with workerd's IllegalInvocation", () => {
    const [ws] = pair();
    const cases: Array<() => unknown> = [
      () => WebSocket.prototype.send.call({}, "x"),
      () => WebSocket.prototype.close.call(1),
      () => getter(WebSocket.prototype, "bufferedAmount").call({}),
      () => setter(WebSocket.prototype, "binaryType").call(new EventTarget(), "blob"),
      () => WebSocket.prototype.readyState,
      () => getter(Event.prototype, "type").call(ws),
      () => Event.prototype.preventDefault.call({}),
      () => getter(ErrorEvent.prototype, "message").call(new Event("error")),
      () => EventTarget.prototype.addEventListener.call(new AbortController().signal, "x", null),
      () => getter(Response.prototype, "webSocket").call(ws),
      () => (WebSocketPair.prototype as unknown as Iterable<unknown>)[Symbol.iterator].call({}),
    ];
    for (const call of cases) {
      const error = thrownBy(call) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(ILLEGAL);
      expect(webSocketErrorKind(error)).toBe("IllegalInvocation");
    }
  });

  it("checks `this` before the arguments, and lets inherited members work on subclasses", () => {
    expect(() => (WebSocket.prototype.send as (this: unknown) => void).call({})).toThrow(ILLEGAL);
    const [ws] = pair();
    expect(() => EventTarget.prototype.addEventListener.call(ws, "message", null)).not.toThrow();
    expect(getter(Event.prototype, "type").call(new MessageEvent("m"))).toBe("m");
  });

  it("tells a real WebSocket from an object that only has its prototype", () => {
    const fake = Object.create(WebSocket.prototype) as WebSocket;
    expect(() => fake.send("x")).toThrow(ILLEGAL);
    expect(() => new Response(null, { status: 101, webSocket: fake })).toThrow(
      "Incorrect type for the 'webSocket' field on 'InitializerDict': the provided value is not of type 'WebSocket'.",
    );
  });
});

describe("prototype members", () => {
  useRuntime({ compatibilityDate: NEW });

  it("are enumerable, and read-only attributes have no setter", () => {
    const readyState = Object.getOwnPropertyDescriptor(WebSocket.prototype, "readyState");
    expect(readyState).toMatchObject({ set: undefined, enumerable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(WebSocket.prototype, "send")?.enumerable).toBe(true);
    expect(typeof Object.getOwnPropertyDescriptor(WebSocket.prototype, "binaryType")?.set).toBe("function");
    expect(Object.getOwnPropertyDescriptor(Event.prototype, "type")).toMatchObject({
      set: undefined,
      enumerable: true,
    });
    expect(Object.getOwnPropertyDescriptor(Response.prototype, "webSocket")).toMatchObject({
      set: undefined,
      enumerable: true,
    });
    expect(Object.getOwnPropertyDescriptor(WebSocket.prototype, "OPEN")).toEqual({
      value: 1,
      writable: false,
      enumerable: true,
      configurable: true,
    });
  });

  it("refuse assignment to WebSocket and Response attributes with V8's read-only message", () => {
    const [ws] = pair();
    expect(() => {
      (ws as { readyState: number }).readyState = 3;
    }).toThrow("Cannot assign to read only property 'readyState' of object '#<WebSocket>'");
    expect(() => {
      (ws as { OPEN: number }).OPEN = 5;
    }).toThrow("Cannot assign to read only property 'OPEN' of object '#<WebSocket>'");
    const response = new Response(null, { status: 101, webSocket: ws });
    expect(() => {
      (response as { webSocket: unknown }).webSocket = null;
    }).toThrow("Cannot assign to read only property 'webSocket' of object '#<Response>'");
    expect(response.webSocket).toBe(ws);
  });

  it("refuse assignment to ErrorEvent attributes, its own and Event's, with the read-only message", () => {
    // workerd: 29-webidl-shape/assignReadOnlyMembers (ErrorEvent's fields are prototype accessors).
    const event = new ErrorEvent("error", { message: "m" });
    expect(() => {
      (event as { type: string }).type = "y";
    }).toThrow("Cannot assign to read only property 'type' of object '#<ErrorEvent>'");
    expect(() => {
      (event as { message: string }).message = "y";
    }).toThrow("Cannot assign to read only property 'message' of object '#<ErrorEvent>'");
    expect([event.type, event.message]).toEqual(["error", "m"]);
    expect(Object.getPrototypeOf(event)).toBe(ErrorEvent.prototype);
    expect(event instanceof Event).toBe(true);
    // A writable attribute still takes the assignment through the Proxy (cancelBubble has a setter).
    event.cancelBubble = true;
    expect(event.cancelBubble).toBe(true);
  });

  it("still take binaryType, on<type> handlers and new properties; V8 still names pairs and events", () => {
    const [ws] = pair();
    ws.binaryType = "arraybuffer";
    expect(ws.binaryType).toBe("arraybuffer");
    const handler = () => {};
    ws.onmessage = handler;
    expect(Object.getOwnPropertyDescriptor(ws, "onmessage")?.value).toBe(handler);
    (ws as unknown as { custom: number }).custom = 1;
    expect(Object.keys(ws)).toEqual(["onmessage", "custom"]);
    expect(Object.getPrototypeOf(ws)).toBe(WebSocket.prototype);
    expect(Object.getPrototypeOf(WebSocket.prototype)).toBe(EventTarget.prototype);
    expect(ws).toBeInstanceOf(WebSocket);
    expect(ws).toBeInstanceOf(EventTarget);
    // Classes without a Proxy prototype keep V8's own message for read-only own fields.
    const closeEvent = new CloseEvent("close");
    expect(() => {
      (closeEvent as { code: number }).code = 1;
    }).toThrow("Cannot assign to read only property 'code' of object '#<CloseEvent>'");
    const twoEnds = new WebSocketPair();
    expect(() => {
      (twoEnds as { 0: unknown })[0] = 1;
    }).toThrow("Cannot assign to read only property '0' of object '#<WebSocketPair>'");
  });
});

describe("Symbol.toStringTag", () => {
  const context = useRuntime({ compatibilityDate: NEW });

  it("is a data property on each prototype while a runtime with set_tostring_tag is active", () => {
    expect(Object.getOwnPropertyDescriptor(WebSocket.prototype, Symbol.toStringTag)).toEqual({
      value: "WebSocket",
      writable: true,
      enumerable: false,
      configurable: true,
    });
    expect(Object.prototype.toString.call(new MessageEvent("m"))).toBe("[object MessageEvent]");
    expect(String(Response.prototype)).toBe("[object Response]");
  });

  it("is absent while a runtime without it is active, and comes back after", async () => {
    const { createRuntime } = await import("workers-ws");
    const old = createRuntime({ compatibilityDate: OLD });
    const deactivate = old.activate();
    try {
      const [ws] = pair();
      expect(Object.hasOwn(WebSocket.prototype, Symbol.toStringTag)).toBe(false);
      expect(Object.prototype.toString.call(ws)).toBe("[object Object]");
      expect(String(new WebSocketPair())).toBe("[object Object]");
    } finally {
      deactivate();
    }
    expect(context.runtime.settings.setToStringTag).toBe(true);
    expect(Object.prototype.toString.call(new Event("x"))).toBe("[object Event]");
  });
});

describe("the error event of a throwing listener", () => {
  for (const [date, enhanced] of [
    [OLD, false],
    [NEW, true],
  ] as const) {
    describe(`at ${date}`, () => {
      useRuntime({ compatibilityDate: date });

      async function errorEventFor(thrown: unknown): Promise<ErrorEvent> {
        const [client, server] = pair(true);
        server.addEventListener("message", () => {
          throw thrown;
        });
        let seen: ErrorEvent | undefined;
        server.addEventListener("error", (event) => {
          seen = event;
        });
        client.send("a");
        await settle();
        if (!seen) throw new Error("no error event");
        return seen;
      }

      it("carries a copy of an Error, of the standard class its name names", async () => {
        class CustomError extends Error {}
        const thrown = Object.assign(new CustomError("custom"), { extra: 1 });
        const event = await errorEventFor(thrown);
        expect(event.error).not.toBe(thrown);
        expect(Object.getPrototypeOf(event.error)).toBe(Error.prototype);
        expect((event.error as Error).message).toBe("custom");
        expect((event.error as { extra?: number }).extra).toBe(enhanced ? 1 : undefined);
        expect(event.message).toBe("Uncaught Error: custom");
        const range = (await errorEventFor(new RangeError("r"))).error;
        expect(range).toBeInstanceOf(RangeError);
      });

      it("renders a non-error object as V8 does, and keeps a DOMException's class", async () => {
        const plain = await errorEventFor({ message: "not an error" });
        if (enhanced) {
          expect(plain.error).toEqual({ message: "not an error" });
          expect(plain.message).toBe("Uncaught #<Object>");
        } else {
          expect(plain.error).toBeInstanceOf(Error);
          expect((plain.error as Error).message).toBe("#<Object>");
          expect(plain.message).toBe("Uncaught Error: #<Object>");
        }
        const dom = await errorEventFor(new DOMException("d", "DataCloneError"));
        expect(dom.error).toBeInstanceOf(DOMException);
        expect((dom.error as DOMException).name).toBe("DataCloneError");
        expect(dom.message).toBe("Uncaught ");
      });
    });
  }
});
