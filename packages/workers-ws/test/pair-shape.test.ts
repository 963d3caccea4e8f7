import { describe, expect, it } from "vitest";
import { EventTarget, WebSocket, WebSocketPair } from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "01-pair-shape"; every value below was checked against workerd at both dates.

describe.each([
  { date: OLD, binaryType: "arraybuffer", pairTag: "[object Object]", socketTag: "[object Object]" },
  { date: NEW, binaryType: "blob", pairTag: "[object WebSocketPair]", socketTag: "[object WebSocket]" },
])("WebSocketPair and WebSocket shape at $date", ({ date, binaryType, pairTag, socketTag }) => {
  useRuntime({ compatibilityDate: date });

  it("has own keys 0 and 1 only, as enumerable read-only data properties with stable values", () => {
    const p = new WebSocketPair();
    expect(typeof WebSocketPair).toBe("function");
    expect(p.constructor.name).toBe("WebSocketPair");
    expect(p.constructor).toBe(WebSocketPair);
    expect(Object.keys(p)).toEqual(["0", "1"]);
    expect(Object.getOwnPropertyNames(p)).toEqual(["0", "1"]);
    expect(Object.getOwnPropertyDescriptor(p, "0")).toEqual({
      value: p[0],
      writable: false,
      enumerable: true,
      configurable: true,
    });
    expect(p[0]).toBe(Object.values(p)[0]);
    expect((p as unknown as Record<string, unknown>)[2]).toBeUndefined();
    expect((p as unknown as Record<string, unknown>).length).toBeUndefined();
  });

  it("is iterable and destructures into the two ends", () => {
    const p = new WebSocketPair();
    expect([...p]).toHaveLength(2);
    const [a, b] = p;
    expect(a).toBe(p[0]);
    expect(b).toBe(p[1]);
  });

  it("refuses assignment to an end with V8's read-only message naming WebSocketPair", () => {
    const p = new WebSocketPair();
    expect(describeError(thrownBy(() => ((p as unknown as Record<string, unknown>)[0] = 1)))).toBe(
      "TypeError: Cannot assign to read only property '0' of object '#<WebSocketPair>'",
    );
  });

  it("throws workerd's TypeError when called without new", () => {
    const call = WebSocketPair as unknown as () => unknown;
    expect(describeError(thrownBy(() => call()))).toBe(
      "TypeError: Failed to construct 'WebSocketPair': Please use the 'new' operator, this object constructor cannot be called as a function.",
    );
  });

  it("serialises to JSON as empty objects", () => {
    const p = new WebSocketPair();
    expect(JSON.stringify(p)).toBe('{"0":{},"1":{}}');
    expect(JSON.stringify(p[0])).toBe("{}");
  });

  it("gives WebSocket ends with no own keys, inheriting from EventTarget", () => {
    const ws = new WebSocketPair()[0];
    expect(ws).toBeInstanceOf(WebSocket);
    expect(ws).toBeInstanceOf(EventTarget);
    expect(ws.constructor).toBe(WebSocket);
    expect(Object.getPrototypeOf(WebSocket.prototype)).toBe(EventTarget.prototype);
    expect(Object.keys(ws)).toEqual([]);
    expect(Object.getOwnPropertyNames(ws)).toEqual([]);
    expect(new EventTarget()).not.toBeInstanceOf(WebSocket);
  });

  it("has exactly workerd's prototype members, and no on<event> properties", () => {
    expect(Object.getOwnPropertyNames(WebSocket.prototype).sort()).toEqual([
      "CLOSED",
      "CLOSING",
      "CONNECTING",
      "OPEN",
      "READY_STATE_CLOSED",
      "READY_STATE_CLOSING",
      "READY_STATE_CONNECTING",
      "READY_STATE_OPEN",
      "accept",
      "binaryType",
      "bufferedAmount",
      "close",
      "constructor",
      "deserializeAttachment",
      "extensions",
      "protocol",
      "readyState",
      "send",
      "serializeAttachment",
      "url",
    ]);
    const ws = new WebSocketPair()[0];
    expect("onmessage" in ws).toBe(false);
    expect(ws.onmessage).toBeUndefined();
  });

  it("has the readyState constants on the class and on instances", () => {
    const ws = new WebSocketPair()[0];
    expect([WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([WebSocket.READY_STATE_CLOSED, ws.READY_STATE_OPEN]).toEqual([3, 1]);
    expect(Object.getOwnPropertyDescriptor(WebSocket, "OPEN")).toEqual({
      value: 1,
      writable: false,
      enumerable: true,
      configurable: true,
    });
  });

  it("gives constructors and methods a length of 0", () => {
    const ws = new WebSocketPair()[0];
    expect([WebSocket.length, WebSocketPair.length]).toEqual([0, 0]);
    expect([ws.accept.length, ws.send.length, ws.close.length]).toEqual([0, 0, 0]);
  });

  it("starts both ends OPEN before accept(), with url null and empty protocol and extensions", () => {
    const [a, b] = new WebSocketPair();
    expect([a.readyState, b.readyState]).toEqual([1, 1]);
    expect(a.url).toBeNull();
    expect(a.protocol).toBe("");
    expect(a.extensions).toBe("");
    expect(a.bufferedAmount).toBe(0);
  });

  it(`defaults binaryType to "${binaryType}" and ignores values that are not blob or arraybuffer`, () => {
    const ws = new WebSocketPair()[0];
    expect(ws.binaryType).toBe(binaryType);
    (ws as unknown as { binaryType: string }).binaryType = "bogus";
    expect(ws.binaryType).toBe(binaryType);
    ws.binaryType = "blob";
    (ws as unknown as { binaryType: string }).binaryType = "bogus";
    expect(ws.binaryType).toBe("blob");
    ws.binaryType = "arraybuffer";
    expect(ws.binaryType).toBe("arraybuffer");
  });

  it("refuses assignment to readyState", () => {
    const ws = new WebSocketPair()[0];
    expect(describeError(thrownBy(() => ((ws as unknown as { readyState: number }).readyState = 3)))).toBe(
      "TypeError: Cannot assign to read only property 'readyState' of object '#<WebSocket>'",
    );
  });

  it(`reports Object.prototype.toString as ${pairTag} and ${socketTag} (set_tostring_tag)`, () => {
    const p = new WebSocketPair();
    expect(Object.prototype.toString.call(p)).toBe(pairTag);
    expect(Object.prototype.toString.call(p[0])).toBe(socketTag);
  });

  it("refuses new WebSocket() without a URL", () => {
    const construct = WebSocket as unknown as new () => unknown;
    expect(describeError(thrownBy(() => new construct()))).toBe(
      "TypeError: Failed to construct 'WebSocket': constructor parameter 1 is not of type 'string'.",
    );
  });
});

describe("set_tostring_tag alone", () => {
  useRuntime({ compatibilityDate: OLD, compatibilityFlags: ["set_tostring_tag"] });

  it("turns on [object WebSocketPair] and [object WebSocket] in 2024", () => {
    const p = new WebSocketPair();
    expect(Object.prototype.toString.call(p)).toBe("[object WebSocketPair]");
    expect(Object.prototype.toString.call(p[0])).toBe("[object WebSocket]");
  });
});

describe("websocket_standard_binary_type alone", () => {
  useRuntime({ compatibilityDate: OLD, compatibilityFlags: ["websocket_standard_binary_type"] });

  it('turns on the "blob" default in 2024', () => {
    expect(new WebSocketPair()[0].binaryType).toBe("blob");
  });
});
