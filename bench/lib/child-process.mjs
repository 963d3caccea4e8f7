/**
 * Starts bench/child.mjs for one workload and implementation in a fresh `node --expose-gc` process
 * and resolves with what it reported ({ ok, result | error }), never rejecting: a crash, a timeout
 * or a missing answer is an { ok: false } outcome the report shows as a failure.
 */
import { fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const childScript = join(dirname(fileURLToPath(import.meta.url)), "..", "child.mjs");

/**
 * `config` is the exact configuration of this run (handed over in BENCH_CONFIG); `execArgv` and
 * `env` add Node flags and variables (the profile step's --cpu-prof and BENCH_HEAP_PROFILE).
 */
export function runChild(workload, implementation, config, { execArgv = [], env = {} } = {}) {
  return new Promise((resolvePromise) => {
    const child = fork(childScript, [workload, implementation], {
      execArgv: ["--expose-gc", ...execArgv],
      env: { ...process.env, ...env, BENCH_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let message;
    const timer = setTimeout(() => {
      message = { ok: false, error: `timed out after ${config.childTimeoutMs} ms` };
      child.kill("SIGKILL");
    }, config.childTimeoutMs);
    child.on("message", (m) => {
      message ??= m;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolvePromise(message ?? { ok: false, error: `child exited with ${signal ?? code} and no result` });
    });
  });
}
