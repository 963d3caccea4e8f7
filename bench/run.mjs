/**
 * `npm run bench`: measures workers-ws against a floor (EventTarget + queueMicrotask) and against
 * Miniflare 2's WebSocketPair, and the Vitest environment against the node environment, then writes
 * docs/benchmarks/results.json, results.md and chart.svg.
 *
 * Every in-process workload runs once per implementation, each in a fresh `node --expose-gc`
 * process (bench/child.mjs). Options:
 *   --only=throughput,latency   run only these workloads (suite is one of them)
 *   --quick                     a tenth of the sizes, written to bench/.generated/quick (not for quoting)
 *   --out=DIR                   where to write the report (default docs/benchmarks)
 *   --keep-generated            keep the generated Vitest suite under bench/.generated/suite
 *   --report-only               measure nothing: rewrite results.md and chart.svg from results.json
 * BENCH_WORKERS_WS_MODULE=path/to/index.js measures another build of workers-ws (see adapters/).
 */
import { execFileSync, fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  benchConfig,
  DURABLE_OBJECT_WORKLOADS,
  IMPLEMENTATIONS,
  WORKERS_WS_VARIANTS,
  WORKLOADS,
} from "./config.mjs";
import { renderChart } from "./report/chart.mjs";
import { renderMarkdown } from "./report/markdown.mjs";
import { DURABLE_OBJECT_SPEEDUP_TARGET, TARGETS, workloadInfo } from "./report/model.mjs";
import { runPoolWorkers } from "./workloads/pool-workers.mjs";
import { runSuite } from "./workloads/suite.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");

function parseArgs(argv) {
  const args = { only: undefined, quick: false, out: undefined, keepGenerated: false, reportOnly: false };
  for (const arg of argv) {
    if (arg === "--quick") args.quick = true;
    else if (arg === "--report-only") args.reportOnly = true;
    else if (arg === "--keep-generated") args.keepGenerated = true;
    else if (arg.startsWith("--only=")) args.only = arg.slice(7).split(",").filter(Boolean);
    else if (arg.startsWith("--out=")) args.out = resolve(arg.slice(6));
    else throw new Error(`unknown argument ${arg} (see the comment at the top of bench/run.mjs)`);
  }
  const known = [...WORKLOADS, "suite", ...DURABLE_OBJECT_WORKLOADS];
  for (const name of args.only ?? []) {
    if (!known.includes(name)) throw new Error(`unknown workload ${name}; known: ${known.join(", ")}`);
  }
  return args;
}

function log(line) {
  process.stdout.write(`${line}\n`);
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    /** 1-minute load average: other work on the machine skews every figure. */
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  };
}

/** The commit measured, and whether the packages differed from it (read-only git queries). */
function gitState() {
  try {
    const git = (...args) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    const commit = git("rev-parse", "HEAD");
    const dirty = git("status", "--porcelain", "--", "packages").length > 0;
    return { commit, packagesModified: dirty };
  } catch {
    return { commit: null, packagesModified: null };
  }
}

function runChild(workload, implementation, config, quick) {
  return new Promise((resolvePromise) => {
    const child = fork(join(here, "child.mjs"), [workload, implementation], {
      execArgv: ["--expose-gc"],
      env: { ...process.env, BENCH_QUICK: quick ? "1" : "0" },
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

function ratio(a, b) {
  return a !== undefined && b !== undefined && b !== 0 ? a / b : undefined;
}

function writeReports(outDir, results) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderMarkdown(results);
  writeFileSync(join(outDir, "results.md"), markdown);
  writeFileSync(join(outDir, "chart.svg"), renderChart(results));
  return markdown;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = benchConfig({ quick: args.quick });
  const outDir =
    args.out ??
    (args.quick ? join(repoRoot, "bench", ".generated", "quick") : join(repoRoot, "docs", "benchmarks"));
  if (args.reportOnly) {
    writeReports(outDir, JSON.parse(readFileSync(join(outDir, "results.json"), "utf8")));
    log(`rewrote ${relative(process.cwd(), outDir) || "."}/results.md and chart.svg from results.json`);
    return;
  }
  const selected = args.only ?? [...WORKLOADS, "suite", ...DURABLE_OBJECT_WORKLOADS];
  const started = performance.now();
  const loadAtStart = machine().loadAverage1m;
  const info = workloadInfo(config);
  const implementations = {};
  const workloads = {};
  const failures = [];

  log(
    `workers-ws bench${args.quick ? " (quick)" : ""}: ${machine().cpu}, ${machine().cores} cores, Node ${process.version}, 1-minute load ${loadAtStart}`,
  );
  for (const workload of WORKLOADS.filter((w) => selected.includes(w))) {
    const byImplementation = {};
    for (const implementation of IMPLEMENTATIONS) {
      const t0 = performance.now();
      // Other work on the machine moves every figure: the load each measurement started under is
      // kept next to it.
      const loadAverage1m = Number(os.loadavg()[0].toFixed(2));
      const outcome = await runChild(workload, implementation, config, args.quick);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      if (!outcome.ok) {
        failures.push({ workload, implementation, error: outcome.error });
        log(`  ${workload} ${implementation}: FAILED (${seconds} s)\n${outcome.error}`);
        continue;
      }
      implementations[implementation] ??= outcome.implementation;
      byImplementation[implementation] = { ...outcome.result, loadAverage1m };
      log(
        `  ${workload.padEnd(10)} ${implementation.padEnd(10)} ${outcome.result.value.toFixed(2)} ${outcome.result.unit} (${seconds} s)`,
      );
    }
    const toReferences = (name) => ({
      floor: ratio(byImplementation[name]?.value, byImplementation.floor?.value),
      miniflare2: ratio(byImplementation[name]?.value, byImplementation.miniflare2?.value),
    });
    workloads[workload] = {
      ...info[workload],
      byImplementation,
      // The shipped configuration (transcript on): what the targets are judged on.
      ratios: toReferences("workers-ws"),
      ratiosByVariant: Object.fromEntries(WORKERS_WS_VARIANTS.map((name) => [name, toReferences(name)])),
      // Transcript on ÷ off, in the workload's unit: what recording the transcript changes (issue 4).
      transcriptOnOverOff: ratio(
        byImplementation["workers-ws"]?.value,
        byImplementation["workers-ws-no-transcript"]?.value,
      ),
    };
  }

  if (selected.includes("suite")) {
    try {
      const suite = await runSuite(config, { repoRoot, log, keepGenerated: args.keepGenerated });
      workloads.suite = {
        ...info.suite,
        byImplementation: {
          "workers-ws": { value: suite.environments["workers-ws"].medianWallMs / 1000, unit: "s" },
          node: { value: suite.environments.node.medianWallMs / 1000, unit: "s" },
        },
        ratios: { node: suite.ratio },
        details: suite,
      };
      log(`  suite      ratio ${suite.ratio.toFixed(3)} (${suite.extraMsPerFile.toFixed(1)} ms per file)`);
    } catch (error) {
      failures.push({ workload: "suite", implementation: "vitest", error: error?.stack ?? String(error) });
      log(`  suite: FAILED\n${error?.stack ?? error}`);
    }
  }

  // Durable Objects (issue 19): workers-ws alone in memory, then the fixtures' test files against
  // the Cloudflare Vitest integration.
  const durableObjects = {};
  if (selected.includes("durable-objects")) {
    const t0 = performance.now();
    const loadAverage1m = Number(os.loadavg()[0].toFixed(2));
    const outcome = await runChild("durable-objects", "workers-ws", config, args.quick);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (outcome.ok) {
      durableObjects.inMemory = { ...outcome.result, loadAverage1m };
      log(`  durable-objects workers-ws ${outcome.result.value.toFixed(0)} ms per cycle (${seconds} s)`);
    } else {
      failures.push({ workload: "durable-objects", implementation: "workers-ws", error: outcome.error });
      log(`  durable-objects: FAILED (${seconds} s)\n${outcome.error}`);
    }
  }
  if (selected.includes("pool-workers")) {
    try {
      const loadAverage1m = Number(os.loadavg()[0].toFixed(2));
      durableObjects.testFiles = { ...(await runPoolWorkers(config, { repoRoot, log })), loadAverage1m };
      log(`  pool-workers speedup ${durableObjects.testFiles.speedup.toFixed(2)}×`);
    } catch (error) {
      failures.push({
        workload: "pool-workers",
        implementation: "vitest",
        error: error?.stack ?? String(error),
      });
      log(`  pool-workers: FAILED\n${error?.stack ?? error}`);
    }
  }

  const targets = TARGETS.filter((t) => workloads[t.workload]).map((t) => {
    const measured = workloads[t.workload].ratios[t.against];
    const met =
      measured === undefined ? undefined : t.op === ">=" ? measured >= t.ratio : measured <= t.ratio;
    return { ...t, measured, met };
  });
  const speedup = durableObjects.testFiles?.speedup;
  if (selected.includes("pool-workers")) {
    targets.push({
      workload: "pool-workers",
      against: "pool-workers",
      op: ">=",
      ratio: DURABLE_OBJECT_SPEEDUP_TARGET,
      measured: speedup,
      met: speedup === undefined ? undefined : speedup >= DURABLE_OBJECT_SPEEDUP_TARGET,
    });
  }

  const results = {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    machine: { ...machine(), loadAverage1mAtStart: loadAtStart },
    git: gitState(),
    implementations,
    config,
    workloads,
    durableObjects,
    targets,
    failures,
    elapsedSeconds: (performance.now() - started) / 1000,
  };

  const markdown = writeReports(outDir, results);
  log(`\n${markdown}`);
  log(
    `wrote ${relative(process.cwd(), outDir) || "."}/results.{json,md} and chart.svg in ${results.elapsedSeconds.toFixed(0)} s`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

await main();
