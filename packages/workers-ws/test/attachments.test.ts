import { describe, expect, it } from "vitest";
import { CloseEvent, Event, EventTarget, settle, WebSocketPair } from "workers-ws";
import { describeError, NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// serializeAttachment / deserializeAttachment on pair sockets (workerd-observed.md §3 "01"); every
// value recorded from workerd with the probe scenarios attach.js and attach2.js (same at both dates).

const notSerializable = (type: string) =>
  `DOMException DataCloneError(25): Could not serialize object of type "${type}". This type does not support serialization.`;

describe.each([{ date: OLD }, { date: NEW }])("attachments at $date", ({ date }) => {
  useRuntime({ compatibilityDate: date });

  it("starts as null and round-trips structured-clonable values as copies", () => {
    const [c] = pair();
    expect(c.deserializeAttachment()).toBeNull();
    c.serializeAttachment({ a: 1, d: new Date(0), m: new Map([[1, 2]]) });
    const value = c.deserializeAttachment() as { a: number; d: Date; m: Map<number, number> };
    expect(value).toEqual({ a: 1, d: new Date(0), m: new Map([[1, 2]]) });
    expect(value.d).toBeInstanceOf(Date);
    expect(c.deserializeAttachment()).not.toBe(value);
    const source = { x: 1 };
    c.serializeAttachment(source);
    source.x = 2;
    expect(c.deserializeAttachment()).toEqual({ x: 1 });
  });

  it("stores null and undefined as themselves", () => {
    const [c] = pair();
    c.serializeAttachment(null);
    expect(c.deserializeAttachment()).toBeNull();
    c.serializeAttachment(undefined);
    expect(c.deserializeAttachment()).toBeUndefined();
  });

  it("keeps errors, bigints, typed arrays and plain copies of class instances", () => {
    const [c] = pair();
    c.serializeAttachment(new Error("e"));
    expect(describeError(c.deserializeAttachment())).toBe("Error: e");
    c.serializeAttachment(10n);
    expect(c.deserializeAttachment()).toBe(10n);
    c.serializeAttachment(new Uint8Array([1, 2]));
    expect(Object.prototype.toString.call(c.deserializeAttachment())).toBe("[object Uint8Array]");
    class K {
      a = 1;
    }
    c.serializeAttachment(new K());
    const copy = c.deserializeAttachment() as { constructor: { name: string }; a: number };
    expect([copy.constructor.name, copy.a]).toEqual(["Object", 1]);
  });

  it("refuses functions and symbols with DataCloneError and keeps the previous attachment", () => {
    const [c] = pair();
    c.serializeAttachment({ x: 1 });
    expect(describeError(thrownBy(() => c.serializeAttachment(() => 1)))).toBe(
      "DOMException DataCloneError(25): () => 1 could not be cloned.",
    );
    expect(describeError(thrownBy(() => c.serializeAttachment(Symbol())))).toBe(
      "DOMException DataCloneError(25): Symbol() could not be cloned.",
    );
    expect(c.deserializeAttachment()).toEqual({ x: 1 });
  });

  it("refuses the runtime's own objects, wherever they are in the value", () => {
    const [c, s] = pair();
    const attempts = [
      () => c.serializeAttachment(s),
      () => c.serializeAttachment(new WebSocketPair()),
      () => c.serializeAttachment({ a: [1, { ws: s }] }),
      () => c.serializeAttachment(new Map([[1, s]])),
      () => c.serializeAttachment(new Event("x")),
      () => c.serializeAttachment(new CloseEvent("x")),
      () => c.serializeAttachment(new EventTarget()),
    ].map((fn) => describeError(thrownBy(fn)));
    expect(attempts).toEqual([
      notSerializable("WebSocket"),
      notSerializable("WebSocketPair"),
      notSerializable("WebSocket"),
      notSerializable("WebSocket"),
      notSerializable("Event"),
      notSerializable("CloseEvent"),
      notSerializable("EventTarget"),
    ]);
    expect(c.deserializeAttachment()).toBeNull();
  });

  it("limits the serialized form to 16384 bytes", () => {
    const [c] = pair();
    // V8's serialized form of a one-byte string of n characters takes n + 5 bytes here
    expect(thrownBy(() => c.serializeAttachment("x".repeat(16379)))).toBe("no error");
    expect(describeError(thrownBy(() => c.serializeAttachment("x".repeat(16380))))).toBe(
      "Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was 16385 bytes.",
    );
    expect(describeError(thrownBy(() => c.serializeAttachment("x".repeat(17000))))).toBe(
      "Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was 17006 bytes.",
    );
    expect(c.deserializeAttachment()).toBe("x".repeat(16379));
  });

  it("requires an argument, has length 0 on both methods, and works after close", async () => {
    const [c, s] = pair(true);
    expect(describeError(thrownBy(() => (c.serializeAttachment as () => void)()))).toBe(
      "TypeError: Failed to execute 'serializeAttachment' on 'WebSocket': parameter 1 is not of type 'Value'.",
    );
    expect([c.serializeAttachment.length, c.deserializeAttachment.length]).toEqual([0, 0]);
    c.close();
    await settle();
    c.serializeAttachment(1);
    expect(c.deserializeAttachment()).toBe(1);
    expect(s.deserializeAttachment()).toBeNull();
  });
});
