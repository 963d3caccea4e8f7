/**
 * Round-trip latency: the client sends "ping", the server's listener answers "pong", the client's
 * listener ends the round trip; the next ping starts only then. Every round trip is one tinybench
 * sample, so the median is over all of them. Work a round trip leaves queued behind it (a read loop
 * asking for the next frame, a pump finishing) runs before the next ping's delivery, so it is
 * counted in the next sample; the last one's is awaited with settle() before the series ends.
 * Both listeners check what they receive (a string comparison, the same for every candidate).
 * With `neighbours` (the scaling runs) that many other accepted pairs stay open beside the pair.
 */
import {
  checkNeighbours,
  collectGarbage,
  openNeighbours,
  openPair,
  timeIterations,
} from "../lib/measure.mjs";
import { median } from "../lib/stats.mjs";

export async function run(adapter, config) {
  const { roundTrips, warmupRoundTrips, series, neighbours = 0 } = config.latency;
  const medians = [];
  const means = [];
  let wrong = 0;
  let pongs = 0;
  for (let s = 0; s < series; s++) {
    const { client, server } = await openPair(adapter);
    let others = await openNeighbours(adapter, neighbours);
    let finish;
    server.addEventListener("message", (event) => {
      if (event.data !== "ping") wrong++;
      server.send("pong");
    });
    client.addEventListener("message", (event) => {
      if (event.data !== "pong") wrong++;
      pongs++;
      finish();
    });
    await collectGarbage();
    const timing = await timeIterations({
      name: `latency series ${s + 1}`,
      iterations: roundTrips,
      warmupIterations: warmupRoundTrips,
      fn: () =>
        new Promise((resolve) => {
          finish = resolve;
          client.send("ping");
        }),
    });
    await adapter.settle();
    checkNeighbours(adapter, others, neighbours);
    medians.push(timing.medianMs * 1000);
    means.push((timing.samplesMs.reduce((sum, ms) => sum + ms, 0) / timing.samplesMs.length) * 1000);
    await adapter.releaseAll();
    others = undefined;
  }
  const expected = series * (roundTrips + warmupRoundTrips);
  if (wrong > 0) throw new Error(`${wrong} messages of the ping/pong were not "ping"/"pong"`);
  if (pongs !== expected) throw new Error(`${pongs} round trips completed, expected ${expected}`);
  return {
    unit: "µs",
    value: median(medians),
    seriesMediansUs: medians,
    seriesMeansUs: means,
    roundTripsPerSeries: roundTrips,
    neighbours,
  };
}
