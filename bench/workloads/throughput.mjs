/**
 * Pair throughput: N small string messages sent one way through an accepted pair in one burst
 * (a loop of send() calls, as a test that floods a socket would do), timed until the receiver's
 * listener has seen the last one and the runtime has nothing left in flight.
 */
import { collectGarbage, countdown, openPair, timeIterations } from "../lib/measure.mjs";

/** 64 distinct short strings (11-12 characters), made before timing starts. */
const PAYLOADS = Array.from({ length: 64 }, (_, i) => `message #${i}`);

export async function run(adapter, config) {
  const { messages, warmupMessages, warmupIterations, samples } = config.throughput;
  let count = messages;
  let pair;
  let received;
  const timing = await timeIterations({
    name: "throughput",
    iterations: samples,
    warmupIterations,
    hooks: {
      beforeAll(mode) {
        count = mode === "warmup" ? warmupMessages : messages;
      },
      async beforeEach() {
        pair = await openPair(adapter);
        received = countdown(count);
        const counter = received;
        pair.server.addEventListener("message", () => counter.hit());
        await collectGarbage();
      },
      async afterEach() {
        if (received.count !== count) throw new Error(`received ${received.count} of ${count} messages`);
        await adapter.releaseAll();
        pair = undefined;
      },
    },
    async fn() {
      const { client } = pair;
      for (let i = 0; i < count; i++) client.send(PAYLOADS[i & 63]);
      await received.done;
      await adapter.settle();
    },
  });
  const perSecond = timing.samplesMs.map((ms) => (messages / ms) * 1000);
  return {
    unit: "messages/s",
    value: (messages / timing.medianMs) * 1000,
    samplesPerSecond: perSecond,
    samplesMs: timing.samplesMs,
    messages,
  };
}
