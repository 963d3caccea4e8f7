/**
 * Timing through tinybench: one task per call, a fixed number of warm-up iterations and of measured
 * iterations (no time budget, so every implementation gets exactly the same samples), each sample
 * the wall time of one call of `fn` with the returned promise awaited. The hooks run outside the
 * timed window.
 */
import { Bench } from "tinybench";

export async function timeIterations({ name, fn, iterations, warmupIterations, hooks = {} }) {
  const bench = new Bench({
    name,
    time: 0,
    iterations,
    warmup: warmupIterations > 0,
    warmupIterations,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  let measured = 0;
  bench.add(
    name,
    async () => {
      await fn();
      measured++;
    },
    { ...hooks, async: true },
  );
  await bench.run();
  const task = bench.getTask(name);
  const result = task.result;
  if (result.state !== "completed") {
    throw result.error ?? new Error(`tinybench task ${name} ended in state ${result.state}`);
  }
  const samples = [...(result.latency.samples ?? [])];
  if (samples.length !== iterations) {
    throw new Error(`tinybench recorded ${samples.length} samples for ${name}, expected ${iterations}`);
  }
  return {
    /** Milliseconds per call, sorted ascending. */
    samplesMs: samples,
    medianMs: result.latency.p50,
    minMs: result.latency.min,
    maxMs: result.latency.max,
    calls: measured,
  };
}

/**
 * When each collectGarbage() ran ([start, end] in µs on the monotonic clock, as --cpu-prof stamps
 * its samples): the profile step leaves the harness's own full GCs out of the workload's figures.
 */
export const harnessGcWindowsUs = [];

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** A full, synchronous major GC, twice (the second collects what the first one's finalisers freed). */
export async function collectGarbage() {
  if (typeof globalThis.gc !== "function") throw new Error("bench children must run with --expose-gc");
  const start = nowUs();
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc();
  harnessGcWindowsUs.push([start, nowUs()]);
}

/** A promise that resolves when hit() has been called `target` times. */
export function countdown(target) {
  let count = 0;
  let resolve;
  const done = new Promise((r) => {
    resolve = r;
  });
  if (target === 0) resolve();
  return {
    done,
    hit() {
      if (++count === target) resolve();
    },
    get count() {
      return count;
    },
  };
}

/** Creates a pair and accepts both ends; resolves once the runtime has nothing left in flight. */
export async function openPair(adapter) {
  const [client, server] = adapter.createPair();
  adapter.accept(client);
  adapter.accept(server);
  await adapter.settle();
  return { client, server };
}

/**
 * `count` pairs, both ends accepted and given one shared message listener, kept in `sockets`
 * (ends 2i and 2i + 1; made here unless given, so a caller that measures memory can make it
 * before its first reading). The scaling runs' neighbours (issue 21: cost with 100 or 10,000
 * pairs open) and the memory workload's pairs. The caller drops the array after releaseAll().
 */
export async function openNeighbours(adapter, count, sockets = new Array(2 * count).fill(null)) {
  const listener = () => {};
  for (let i = 0; i < count; i++) {
    const [client, server] = adapter.createPair();
    adapter.accept(client);
    adapter.accept(server);
    client.addEventListener("message", listener);
    server.addEventListener("message", listener);
    sockets[2 * i] = client;
    sockets[2 * i + 1] = server;
  }
  await adapter.settle();
  return sockets;
}

/** Throws unless the neighbours are all still there and open (checked after the timed window). */
export function checkNeighbours(adapter, sockets, count) {
  if (sockets?.length !== 2 * count || sockets.includes(null)) throw new Error("neighbours were not kept");
  for (const ws of count > 0 ? [sockets[0], sockets.at(-1)] : []) {
    const state = adapter.readyState(ws);
    if (state !== undefined && state !== 1) throw new Error(`a neighbour ended in readyState ${state}`);
  }
}
