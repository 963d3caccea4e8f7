/**
 * Round-trip latency: the client sends "ping", the server's listener answers "pong", the client's
 * listener ends the round trip; the next ping starts only then. Every round trip is one tinybench
 * sample, so the median is over all of them. Work a round trip leaves queued behind it (a read loop
 * asking for the next frame, a pump finishing) runs before the next ping's delivery, so it is
 * counted in the next sample; the last one's is awaited with settle() before the round ends.
 */
import { collectGarbage, openPair, timeIterations } from "../lib/measure.mjs";
import { median } from "../lib/stats.mjs";

export async function run(adapter, config) {
  const { roundTrips, warmupRoundTrips, rounds } = config.latency;
  const medians = [];
  const means = [];
  for (let round = 0; round < rounds; round++) {
    const { client, server } = await openPair(adapter);
    let finish;
    server.addEventListener("message", () => server.send("pong"));
    client.addEventListener("message", () => finish());
    await collectGarbage();
    const timing = await timeIterations({
      name: `latency round ${round + 1}`,
      iterations: roundTrips,
      warmupIterations: warmupRoundTrips,
      fn: () =>
        new Promise((resolve) => {
          finish = resolve;
          client.send("ping");
        }),
    });
    await adapter.settle();
    medians.push(timing.medianMs * 1000);
    means.push((timing.samplesMs.reduce((sum, ms) => sum + ms, 0) / timing.samplesMs.length) * 1000);
    await adapter.releaseAll();
  }
  return {
    unit: "µs",
    value: median(medians),
    roundMediansUs: medians,
    roundMeansUs: means,
    roundTripsPerRound: roundTrips,
  };
}
