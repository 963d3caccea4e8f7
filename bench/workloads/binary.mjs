/**
 * Binary throughput: N messages of 64 KiB, each sent as a Uint8Array over the same source buffer,
 * in one burst; timed until the receiver has seen every byte and nothing is left in flight. The
 * receiver asks for ArrayBuffers where the implementation has binaryType. workers-ws copies each
 * message at send() as workerd does (a later change to the source must not alter a sent message);
 * the floor and Miniflare 2 hand the receiver the sender's object. To show what the copy alone
 * costs, the same number of 64 KiB copies (Uint8Array#slice) is timed as a reference.
 */
import { collectGarbage, countdown, openPair, timeIterations } from "../lib/measure.mjs";

export async function run(adapter, config) {
  const { messageBytes, messages, warmupIterations, samples } = config.binary;
  const source = new Uint8Array(messageBytes);
  for (let i = 0; i < source.length; i++) source[i] = i & 0xff;
  let pair;
  let received;
  let bytes = 0;
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
          bytes += event.data.byteLength;
          counter.hit();
        });
        await collectGarbage();
      },
      async afterEach() {
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
  };
}
