/**
 * Binary throughput: N messages of 64 KiB, each sent as a Uint8Array over the same source buffer,
 * in one burst; timed until the receiver has seen every byte and nothing is left in flight. The
 * receiver asks for ArrayBuffers where the implementation has binaryType. workers-ws copies each
 * message at send() as workerd does (a later change to the source must not alter a sent message),
 * and so does the "floor-copying" floor (issue 21's reference for this workload); the floor and
 * Miniflare 2 hand the receiver the sender's object. To show what the copy alone costs, the same
 * number of 64 KiB copies (Uint8Array#slice) is timed as a reference.
 *
 * Checked: every message is binary (an ArrayBuffer or a view) of the size sent, the bytes add up,
 * and every 64th message has the source's byte at a position that moves from message to message,
 * and is a copy (not the sender's buffer) where the implementation says it copies.
 */
import { collectGarbage, countdown, openPair, timeIterations } from "../lib/measure.mjs";

const CHECK_MASK = 63;

function bytesOf(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

export async function run(adapter, config) {
  const { messageBytes, messages, warmupIterations, samples } = config.binary;
  const source = new Uint8Array(messageBytes);
  for (let i = 0; i < source.length; i++) source[i] = i & 0xff;
  let pair;
  let received;
  let bytes = 0;
  let checked = 0;
  let wrong;
  const timing = await timeIterations({
    name: "binary",
    iterations: samples,
    warmupIterations,
    hooks: {
      async beforeEach() {
        pair = await openPair(adapter);
        adapter.receiveArrayBuffers(pair.server);
        bytes = 0;
        received = countdown(messages);
        const counter = received;
        pair.server.addEventListener("message", (event) => {
          const index = counter.count;
          const view = bytesOf(event.data);
          if (view === undefined) wrong ??= `message ${index} arrived as ${typeof event.data}`;
          else if ((index & CHECK_MASK) === 0) {
            checked++;
            const at = (index * 331) % messageBytes;
            if (view[at] !== (at & 0xff)) wrong ??= `message ${index} has byte ${view[at]} at ${at}`;
            if (adapter.copiesBinaryOnSend && view.buffer === source.buffer) {
              wrong ??= `message ${index} is the sender's buffer, not a copy`;
            }
          }
          bytes += event.data.byteLength;
          counter.hit();
        });
        await collectGarbage();
      },
      async afterEach() {
        if (wrong) throw new Error(wrong);
        if (bytes !== messages * messageBytes) throw new Error(`received ${bytes} bytes`);
        await adapter.releaseAll();
        pair = undefined;
      },
    },
    async fn() {
      const { client } = pair;
      for (let i = 0; i < messages; i++) client.send(source);
      await received.done;
      await adapter.settle();
    },
  });
  if (checked === 0) throw new Error("binary checked no received message");

  let sink = 0;
  const copy = await timeIterations({
    name: "copy reference",
    iterations: samples,
    warmupIterations,
    hooks: { beforeEach: collectGarbage },
    fn() {
      for (let i = 0; i < messages; i++) sink += source.slice().byteLength;
    },
  });
  if (sink === 0) throw new Error("copy reference did not run");

  const megabytes = (messages * messageBytes) / 1e6;
  return {
    unit: "MB/s",
    value: megabytes / (timing.medianMs / 1000),
    samplesPerSecond: timing.samplesMs.map((ms) => megabytes / (ms / 1000)),
    samplesMs: timing.samplesMs,
    copyReferenceMBps: megabytes / (copy.medianMs / 1000),
    copiesOnSend: adapter.copiesBinaryOnSend,
    messages,
    messageBytes,
    messagesChecked: checked,
  };
}
