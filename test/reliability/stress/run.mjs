// npm run stress: runs each stress script in its own `node --expose-gc` process, prints the
// results and writes them, with the date, machine and Node version, to docs/reliability-stress.json
// (docs/reliability.md quotes them). Exits 1 if any script fails its check.
// STRESS_MESSAGES, STRESS_PAIRS and STRESS_CYCLES scale the scripts down for a quick try.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = ["messages-in-order.mjs", "many-open-pairs.mjs", "lifecycle-heap.mjs"];
const results = [];
let failed = false;
for (const script of scripts) {
  process.stdout.write(`stress: ${script} … `);
  const run = spawnSync(process.execPath, ["--expose-gc", join(here, script)], { encoding: "utf8" });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  let result;
  try {
    result = JSON.parse(line);
  } catch {
    result = { stress: script, ok: false, output: run.stdout, error: run.stderr };
  }
  if (run.status !== 0) result.ok = false;
  failed ||= !result.ok;
  results.push(result);
  console.log(result.ok ? "ok" : "FAILED");
  console.log(`  ${JSON.stringify(result)}`);
}
const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  },
  scaled: Boolean(process.env.STRESS_MESSAGES || process.env.STRESS_PAIRS || process.env.STRESS_CYCLES),
  results,
};
if (!report.scaled) {
  writeFileSync(
    resolve(here, "../../../docs/reliability-stress.json"),
    `${JSON.stringify(report, null, 2)}\n`,
  );
}
process.exit(failed ? 1 : 0);
