import { describe, expect, it } from "vitest";
import { type MessageEvent, settle, type WebSocket } from "workers-ws";
import { describeError, NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "03-message-string", "04-message-binary", "05-message-coercion"; every
// expectation was recorded from workerd with the probe scenario send-data.js.

/** What a message carried: `string "x"`, or the class, size and bytes of binary data. */
async function describeData(data: unknown): Promise<string> {
  if (typeof data === "string") return `string ${JSON.stringify(data)}`;
  if (data instanceof Blob)
    return `Blob ${data.size} ${JSON.stringify(data.type)} ${hex(await data.arrayBuffer())}`;
  if (data instanceof ArrayBuffer) return `ArrayBuffer ${data.byteLength} ${hex(data)}`;
  return `unexpected ${Object.prototype.toString.call(data)}`;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Runs `send` and returns what `to` received, described. */
async function received(to: WebSocket, send: () => void): Promise<string[]> {
  const events: MessageEvent[] = [];
  to.addEventListener("message", (ev) => events.push(ev));
  send();
  await settle();
  return Promise.all(events.map((ev) => describeData(ev.data)));
}

describe.each([
  { date: OLD, binary: "ArrayBuffer", blobText: "[object Object]", streamText: "[object Object]" },
  { date: NEW, binary: "Blob", blobText: "[object Blob]", streamText: "[object ReadableStream]" },
])("send() data at $date", ({ date, binary, blobText, streamText }) => {
  useRuntime({ compatibilityDate: date });
  const bin = (bytes: string) =>
    binary === "Blob" ? `Blob ${bytes.length / 2} "" ${bytes}` : `ArrayBuffer ${bytes.length / 2} ${bytes}`;

  it(`delivers only the viewed bytes of buffers and views, as ${binary} by default`, async () => {
    const [c, s] = pair(true);
    const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7]).buffer;
    const got = await received(s, () => {
      c.send(buf);
      c.send(new Uint8Array(buf, 2, 3));
      c.send(new DataView(buf, 1, 2));
      c.send(new Int32Array([1, -1]));
      c.send(new Float64Array([1]));
      c.send(new ArrayBuffer(0));
    });
    expect(got).toEqual([
      bin("01020304050607"),
      bin("030405"),
      bin("0203"),
      bin("01000000ffffffff"),
      bin("000000000000f03f"),
      bin(""),
    ]);
  });

  it("copies at send time: later writes and detaching do not change what arrives", async () => {
    const [c, s] = pair(true);
    const got = await received(s, () => {
      const source = new Uint8Array([9, 9]);
      c.send(source);
      source[0] = 0;
      const detachedAfter = new Uint8Array([7, 7]).buffer;
      c.send(detachedAfter);
      structuredClone(detachedAfter, { transfer: [detachedAfter] });
    });
    expect(got).toEqual([bin("0909"), bin("0707")]);
  });

  it("sends a detached buffer, or a view on one, as an empty message without throwing", async () => {
    const [c, s] = pair(true);
    const detached = new ArrayBuffer(4);
    structuredClone(detached, { transfer: [detached] });
    const view = new Uint8Array(new ArrayBuffer(3), 1);
    structuredClone(view.buffer, { transfer: [view.buffer] });
    const got = await received(s, () => {
      c.send(detached);
      c.send(view);
    });
    expect(got).toEqual([bin(""), bin("")]);
  });

  it("delivers strings unchanged, including empty and non-BMP text", async () => {
    const [c, s] = pair(true);
    const got = await received(s, () => {
      c.send("plain");
      c.send("");
      c.send("\u{1F600}é");
    });
    expect(got).toEqual(['string "plain"', 'string ""', 'string "😀é"']);
  });

  it("turns every non-binary value into a string with String()", async () => {
    const [c, s] = pair(true);
    const values: unknown[] = [
      42,
      3.5,
      Number.NaN,
      true,
      null,
      undefined,
      {},
      [1, 2],
      { toString: () => "custom" },
      10n,
      new String("boxed"),
    ];
    function f() {
      return 1;
    }
    const got = await received(s, () => {
      for (const v of values) c.send(v as string);
      c.send(f as unknown as string);
    });
    expect(got).toEqual([
      'string "42"',
      'string "3.5"',
      'string "NaN"',
      'string "true"',
      'string "null"',
      'string "undefined"',
      'string "[object Object]"',
      'string "1,2"',
      'string "custom"',
      'string "10"',
      'string "boxed"',
      // a function: its source text
      `string ${JSON.stringify(f.toString())}`,
    ]);
  });

  it(`sends a Blob and a ReadableStream as the strings "${blobText}" and "${streamText}" (set_tostring_tag)`, async () => {
    const [c, s] = pair(true);
    const got = await received(s, () => {
      c.send(new Blob(["abc"]) as unknown as string);
      c.send(new ReadableStream() as unknown as string);
    });
    expect(got).toEqual([`string ${JSON.stringify(blobText)}`, `string ${JSON.stringify(streamText)}`]);
  });

  it("throws for a Symbol and for a call with no argument, before any state check", () => {
    const [c] = pair();
    expect(describeError(thrownBy(() => c.send(Symbol("x") as unknown as string)))).toBe(
      "TypeError: Cannot convert a Symbol value to a string",
    );
    expect(describeError(thrownBy(() => (c.send as () => void)()))).toBe(
      "TypeError: Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'.",
    );
  });

  it("follows binaryType as it is when each message arrives", async () => {
    const [c, s] = pair(true);
    const events: MessageEvent[] = [];
    s.addEventListener("message", (ev) => events.push(ev));
    c.send(new Uint8Array([1]));
    await settle();
    s.binaryType = "arraybuffer";
    c.send(new Uint8Array([2]));
    await settle();
    s.binaryType = "blob";
    c.send(new Uint8Array([3]));
    await settle();
    expect(await Promise.all(events.map((ev) => describeData(ev.data)))).toEqual([
      bin("01"),
      "ArrayBuffer 1 02",
      'Blob 1 "" 03',
    ]);
  });

  it("dispatches a trusted MessageEvent with workerd's fields, as own properties", async () => {
    const [c, s] = pair(true);
    const seen: unknown[] = [];
    s.addEventListener("message", (ev) => {
      seen.push({
        constructor: ev.constructor.name,
        targets: [ev.target === s, ev.currentTarget === s, ev.srcElement === s],
        origin: ev.origin,
        lastEventId: ev.lastEventId,
        source: ev.source,
        ports: ev.ports,
        flags: [ev.bubbles, ev.cancelable, ev.composed, ev.isTrusted, ev.defaultPrevented],
        eventPhase: ev.eventPhase,
        timeStamp: ev.timeStamp,
        keys: Object.keys(ev),
        composedPath: ev.composedPath().length,
      });
    });
    c.send("hello");
    await settle();
    expect(seen).toEqual([
      {
        constructor: "MessageEvent",
        targets: [true, true, true],
        origin: null,
        lastEventId: "",
        source: null,
        ports: [],
        flags: [false, false, false, true, false],
        eventPhase: 2,
        timeStamp: 0,
        keys: ["ports", "source", "lastEventId", "origin", "data"],
        composedPath: 1,
      },
    ]);
  });

  it("keeps the 50 messages of a burst in order", async () => {
    const [c, s] = pair(true);
    const got: unknown[] = [];
    s.addEventListener("message", (ev) => got.push(ev.data));
    for (let i = 0; i < 50; i++) c.send(String(i));
    await settle();
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });
});
