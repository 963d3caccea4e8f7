/**
 * Pair throughput: N small string messages sent one way through an accepted pair in one burst
 * (a loop of send() calls, as a test that floods a socket would do), timed until the receiver's
 * listener has seen the last one and the runtime has nothing left in flight. With `neighbours`
 * (the scaling runs) that many other accepted pairs, each end with a listener, stay open beside it.
 * Every 1,024th message received is checked to be the string sent in that position.
 */
import {
  checkNeighbours,
  collectGarbage,
  countdown,
  openNeighbours,
  openPair,
  timeIterations,
} from "../lib/measure.mjs";

/** 64 distinct short strings (11-12 characters), made before timing starts. */
const PAYLOADS = Array.from({ length: 64 }, (_, i) => `message #${i}`);
/** Which received messages are compared with what was sent (a mask: every 1,024th). */
const CHECK_MASK = 1023;

export async function run(adapter, config) {
  const { messages, warmupMessages, warmupIterations, samples, neighbours = 0 } = config.throughput;
  let count = messages;
  let pair;
  let others;
  let received;
  let checked = 0;
  let wrong;
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
        others = await openNeighbours(adapter, neighbours);
        received = countdown(count);
        const counter = received;
        pair.server.addEventListener("message", (event) => {
          const index = counter.count;
          if ((index & CHECK_MASK) === 0) {
            checked++;
            if (event.data !== PAYLOADS[index & 63]) wrong ??= { index, data: event.data };
          }
          counter.hit();
        });
        await collectGarbage();
      },
      async afterEach() {
        if (received.count !== count) throw new Error(`received ${received.count} of ${count} messages`);
        checkNeighbours(adapter, others, neighbours);
        if (wrong) {
          throw new Error(`message ${wrong.index} arrived as ${typeof wrong.data} ${String(wrong.data)}`);
        }
        await adapter.releaseAll();
        pair = undefined;
        others = undefined;
      },
    },
    async fn() {
      const { client } = pair;
      for (let i = 0; i < count; i++) client.send(PAYLOADS[i & 63]);
      await received.done;
      await adapter.settle();
    },
  });
  if (checked === 0) throw new Error("throughput checked no received message");
  const perSecond = timing.samplesMs.map((ms) => (messages / ms) * 1000);
  return {
    unit: "messages/s",
    value: (messages / timing.medianMs) * 1000,
    samplesPerSecond: perSecond,
    samplesMs: timing.samplesMs,
    messages,
    neighbours,
    messagesChecked: checked,
  };
}
