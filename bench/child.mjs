/**
 * One workload against one implementation, in a fresh process started by run.mjs with
 * --expose-gc, so that heaps, JIT state and leftovers never carry over from another measurement.
 * Usage: node --expose-gc bench/child.mjs <workload> <implementation>
 * Sends { ok, result | error } to the parent over IPC (or prints it when run by hand).
 */
import { benchConfig } from "./config.mjs";

const CONFIG = benchConfig();

const [workloadName, implementationName] = process.argv.slice(2);

function report(message) {
  if (process.send) process.send(message, () => process.disconnect());
  else console.log(JSON.stringify(message, null, 2));
}

try {
  if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
  const { createAdapter } = await import(`./adapters/${implementationName}.mjs`);
  const workload = await import(`./workloads/${workloadName}.mjs`);
  const adapter = await createAdapter(CONFIG);
  const started = performance.now();
  const result = await workload.run(adapter, CONFIG);
  adapter.dispose();
  report({
    ok: true,
    implementation: { name: adapter.name, version: adapter.version, notes: adapter.notes },
    result: { ...result, elapsedMs: performance.now() - started },
  });
} catch (error) {
  report({ ok: false, error: error?.stack ?? String(error) });
  process.exitCode = 1;
}
