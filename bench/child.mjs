/**
 * One workload against one implementation, in a fresh process started by run.mjs with
 * --expose-gc, so that heaps, JIT state and leftovers never carry over from another measurement.
 * Usage: node --expose-gc bench/child.mjs <workload> <implementation>
 * The parent passes the exact configuration of this run (a scaling point's sizes included) in
 * BENCH_CONFIG (JSON); run by hand, the child uses benchConfig() (BENCH_QUICK=1 for the quick one).
 * BENCH_HEAP_PROFILE=<file> (set by `--profile`) samples allocations during the workload, the
 * collected ones included, and writes V8's sampling heap profile there (lib/profile.mjs reads it).
 * Sends { ok, result | error } to the parent over IPC (or prints it when run by hand).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { benchConfig } from "./config.mjs";
import { harnessGcWindowsUs } from "./lib/measure.mjs";

const CONFIG = process.env.BENCH_CONFIG ? JSON.parse(process.env.BENCH_CONFIG) : benchConfig();

const [workloadName, implementationName] = process.argv.slice(2);

function report(message) {
  if (process.send) process.send(message, () => process.disconnect());
  else console.log(JSON.stringify(message, null, 2));
}

/**
 * Node's --heap-prof keeps only what is still alive when the process exits, which after a workload
 * is almost nothing; the inspector's sampling profiler can keep what the GC collected as well,
 * which is where a message's garbage goes.
 */
async function startAllocationSampling(file) {
  if (!file) return async () => {};
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 16 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => {
    const { profile } = await session.post("HeapProfiler.stopSampling");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

try {
  if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
  const { createAdapter } = await import(`./adapters/${implementationName}.mjs`);
  const workload = await import(`./workloads/${workloadName}.mjs`);
  const adapter = await createAdapter(CONFIG);
  const stopSampling = await startAllocationSampling(process.env.BENCH_HEAP_PROFILE);
  const started = performance.now();
  // The workload's window on the monotonic clock --cpu-prof stamps samples with (µs), so that the
  // profile step can count the workload's samples apart from start-up and tear-down.
  const windowStartUs = Number(process.hrtime.bigint() / 1000n);
  const result = await workload.run(adapter, CONFIG);
  const windowEndUs = Number(process.hrtime.bigint() / 1000n);
  const elapsedMs = performance.now() - started;
  await stopSampling();
  await adapter.dispose();
  report({
    ok: true,
    implementation: { name: adapter.name, version: adapter.version, notes: adapter.notes },
    result: {
      ...result,
      elapsedMs,
      ...(process.env.BENCH_HEAP_PROFILE
        ? { profileWindows: { runUs: [windowStartUs, windowEndUs], harnessGcUs: harnessGcWindowsUs } }
        : {}),
    },
  });
} catch (error) {
  report({ ok: false, error: error?.stack ?? String(error) });
  process.exitCode = 1;
}
