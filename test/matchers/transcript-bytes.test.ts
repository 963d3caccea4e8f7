// @vitest-environment-options {"compatibilityDate":"2026-11-01","transcriptBytes":8}

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { PayloadDigest, settle, transcriptOf } from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

describe("the transcript's byte budget (transcriptBytes: 8)", () => {
  it("keeps the newest payloads whole and the older ones as size and SHA-256", async () => {
    const [client, server] = acceptedPair();
    for (const text of ["aaaa", "bbbb", "cccc", "dddd"]) client.send(text);
    client.send(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    await settle();
    const received = transcriptOf(server)
      .entries()
      .filter((entry) => entry.kind === "received")
      .map((entry) => (entry.kind === "received" ? entry.data : undefined));
    // Newest first while it fits: the 10-byte message alone is over 8 and still kept whole.
    expect(received.slice(0, 4).every((data) => data instanceof PayloadDigest)).toBe(true);
    expect(received[4]).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const first = received[0] as PayloadDigest;
    expect(first.type).toBe("text");
    expect(first.byteLength).toBe(4);
    expect(first.sha256).toBe("61be55a8e2f6b4e172338bddf184d6dbee29c98853e0a0485ecee7f27b9af0b4");
    expect(transcriptOf(server).payloadBytes).toBe(10);
    expect(transcriptOf(server).digested).toBe(4);
    client.close();
  });

  it("still matches an exact string or bytes against a digest, not a pattern", async () => {
    const [client, server] = acceptedPair();
    client.send("first message");
    client.send("second message");
    await settle();
    expect(server).toHaveReceivedMessage("first message");
    expect(server).not.toHaveReceivedMessage("first messagE");
    expect(server).toHaveReceivedMessages(["first message", "second message"]);
    expect(() =>
      expect(server).toHaveReceivedMessage(expect.stringMatching(/^first/)),
    ).toThrowErrorMatchingInlineSnapshot(`
        [Error: expect(socket).toHaveReceivedMessage(message)

        Expected a message received like: StringMatching /^first/
        Actual messages received (2):
          1. <text of 13 bytes, sha-256 db01a79b2801d711… (payload beyond the transcript's byte budget)>
          2. "second message"
        Note: 1 older message is kept only as size and SHA-256 (transcriptBytes 8): they still match an exact string or bytes, not a pattern. Raise transcriptBytes to keep them whole.

        Transcript (3 entries; 1 payload kept as digest by transcriptBytes 8):
          1. accept()
          2. received <text of 13 bytes, sha-256 db01a79b2801d711… (payload beyond the transcript's byte budget)>
          3. received "second message"]
      `);
    client.close();
  });
});

describe("memory of a long-lived socket carrying large messages", () => {
  it("stays bounded by the budget plus the newest message", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const [client, server] = acceptedPair();
    const size = 4 * 1024 * 1024;
    gc();
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 40; i++) {
      client.send(new Uint8Array(size).fill(i));
      await settle();
    }
    // ArrayBuffer backing stores are freed by a background sweeper after a GC: give it time.
    for (let round = 0; round < 5; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const held = process.memoryUsage().arrayBuffers - before;
    // 40 × 4 MiB went through; each end keeps its newest 4 MiB message (budget 8 bytes), so about
    // 8 MiB stays, where keeping every payload would hold 320 MiB.
    expect(held, `${(held / 2 ** 20).toFixed(1)} MiB held`).toBeLessThan(3 * size);
    expect(server).toHaveReceivedMessage(new Uint8Array(size).fill(39));
    expect(server).toHaveReceivedMessage(new Uint8Array(size).fill(0));
    expect(transcriptOf(client).digested).toBe(39);
    client.close();
  });
});
