import { describe, expect, it } from "vitest";
import { WebSocketPair } from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "../../support/trace.js";

// workerd-durable-objects-observed.md "Attachments": the 16,384-byte limit counts V8's own
// serialization (jsg::Serializer, version 15 with its header), as conformance
// 46-hibernation-attachments-timeout/sizeLimit records it.

describe.each([OLD, NEW])("attachment sizes at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("counts a typed array as V8 encodes it (ArrayBuffer plus view), not as a Node host object", () => {
    const ws = new WebSocketPair()[1];
    const tooLarge = (size: number) =>
      `Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was ${size} bytes.`;
    expect(describeError(thrownBy(() => ws.serializeAttachment(new Uint8Array(16384))))).toBe(
      tooLarge(16397),
    );
    expect(describeError(thrownBy(() => ws.serializeAttachment(new Uint8Array(1024 * 1024))))).toBe(
      tooLarge(1048589),
    );
    ws.serializeAttachment(new Uint8Array(16300));
    const back = ws.deserializeAttachment() as Uint8Array;
    expect(back).toBeInstanceOf(Uint8Array);
    expect(back.length).toBe(16300);
    // The longest one-byte string that fits: 16379 characters (header 2, tag 1, length 2).
    ws.serializeAttachment("x".repeat(16379));
    expect(describeError(thrownBy(() => ws.serializeAttachment("x".repeat(16380))))).toBe(tooLarge(16385));
  });

  it("round-trips what V8 clones: Map, Date, bigint, Error, cycles", () => {
    const ws = new WebSocketPair()[1];
    const cyclic: { self?: unknown; when: Date; big: bigint; map: Map<string, number> } = {
      when: new Date(5),
      big: 7n,
      map: new Map([["a", 1]]),
    };
    cyclic.self = cyclic;
    ws.serializeAttachment({ cyclic, error: new RangeError("bad") });
    const back = ws.deserializeAttachment() as { cyclic: typeof cyclic; error: Error };
    expect(back.cyclic.self).toBe(back.cyclic);
    expect(back.cyclic.when.getTime()).toBe(5);
    expect(back.cyclic.big).toBe(7n);
    expect(back.cyclic.map.get("a")).toBe(1);
    expect(back.error).toBeInstanceOf(RangeError);
    expect(back.error.message).toBe("bad");
    expect(ws.deserializeAttachment()).not.toBe(back);
  });
});
