/**
 * Memory per open accepted pair: N pairs are created, both ends accepted and given a message
 * listener (one shared function), and kept referenced. The figure is the growth of the V8 heap in
 * use between two full GCs (before and after creating them), divided by N. The array that holds the
 * sockets is allocated before the first reading, so it is not counted. Memory outside the V8 heap
 * (ArrayBuffers, native) is recorded too. The scaling runs repeat it at other sizes (1,000 and
 * 200,000 pairs). Checked: every pair was kept, and the first and last sockets are OPEN where the
 * implementation has a readyState.
 */
import { collectGarbage, openNeighbours } from "../lib/measure.mjs";
import { median } from "../lib/stats.mjs";

export async function run(adapter, config) {
  const { pairs, warmupPairs, samples } = config.memory;

  await openNeighbours(adapter, warmupPairs);
  await adapter.releaseAll();

  const heapPerPair = [];
  const externalPerPair = [];
  for (let sample = 0; sample < samples; sample++) {
    const holder = new Array(2 * pairs).fill(null);
    await collectGarbage();
    const before = process.memoryUsage();
    await openNeighbours(adapter, pairs, holder);
    await collectGarbage();
    const after = process.memoryUsage();
    if (holder.includes(null)) throw new Error("pairs were not kept");
    for (const ws of [holder[0], holder[2 * pairs - 1]]) {
      const state = adapter.readyState(ws);
      if (state !== undefined && state !== 1)
        throw new Error(`an open pair's socket is in readyState ${state}`);
    }
    heapPerPair.push((after.heapUsed - before.heapUsed) / pairs);
    externalPerPair.push((after.external - before.external) / pairs);
    await adapter.releaseAll();
    holder.fill(null);
  }
  return {
    unit: "bytes/pair",
    value: median(heapPerPair),
    samplesBytesPerPair: heapPerPair,
    externalBytesPerPair: median(externalPerPair),
    pairs,
  };
}
