/**
 * `npm run bench`: measures workers-ws (through the Vitest environment as installed, and the bare
 * runtime with and without the transcript) against a floor (EventTarget + queueMicrotask) and
 * against Miniflare 2's WebSocketPair, and the Vitest environment against the node environment,
 * then writes docs/benchmarks/results.json, results.md and chart.svg.
 *
 * Every in-process workload runs in interleaved rounds (lib/rounds.mjs): each round starts one
 * fresh `node --expose-gc` process (bench/child.mjs) per implementation and scaling point, in turn.
 * Options:
 *   --only=throughput,latency   run only these workloads (suite is one of them)
 *   --quick                     smaller sizes and 2 rounds, written to bench/.generated/quick (not for quoting)
 *   --rounds=N                  N interleaved rounds instead of the configured number (for timing a round)
 *   --out=DIR                   where to write the report (default docs/benchmarks)
 *   --keep-generated            keep the generated Vitest suite under bench/.generated/suite
 *   --report-only               measure nothing: rewrite results.md and chart.svg from results.json
 *   --profile <workload> [--implementation <name>]
 *                               profile one child (default workers-ws-env) instead: CPU and
 *                               allocations, printed and written under bench/.generated/profile (profile.mjs)
 * BENCH_WORKERS_WS_MODULE=path/to/index.js measures another build of the bare runtime (see adapters/).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  benchConfig,
  DURABLE_OBJECT_WORKLOADS,
  EXTRA_IMPLEMENTATIONS,
  IMPLEMENTATIONS,
  isWorkersWs,
  WORKERS_WS_VARIANTS,
  WORKLOADS,
} from "./config.mjs";
import { runChild } from "./lib/child-process.mjs";
import { loadAverage1m, measureInRounds } from "./lib/rounds.mjs";
import { ProfileUsageError, runProfile } from "./profile.mjs";
import { renderChart } from "./report/chart.mjs";
import { renderMarkdown } from "./report/markdown.mjs";
import { DURABLE_OBJECT_SPEEDUP_TARGET, JUDGED, SCALING, TARGETS, workloadInfo } from "./report/model.mjs";
import { runPoolWorkers } from "./workloads/pool-workers.mjs";
import { runSuite } from "./workloads/suite.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");

/** A bad command line: printed as its message alone, exit code 2. */
class BenchUsageError extends Error {
  name = "BenchUsageError";
}

function parseArgs(argv) {
  const args = {
    only: undefined,
    quick: false,
    out: undefined,
    keepGenerated: false,
    reportOnly: false,
    profile: undefined,
    implementation: undefined,
    rounds: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // --profile and --implementation take their value as the next argument or after "=".
    const optionValue = (name) => {
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      const value = argv[++i];
      if (value === undefined || value.startsWith("--")) throw new BenchUsageError(`${name} needs a value`);
      return value;
    };
    if (arg === "--quick") args.quick = true;
    else if (arg === "--report-only") args.reportOnly = true;
    else if (arg === "--keep-generated") args.keepGenerated = true;
    else if (arg.startsWith("--only=")) args.only = arg.slice(7).split(",").filter(Boolean);
    else if (arg.startsWith("--out=")) args.out = resolve(arg.slice(6));
    else if (arg.startsWith("--rounds=")) {
      args.rounds = Number(arg.slice(9));
      if (!Number.isInteger(args.rounds) || args.rounds < 1)
        throw new BenchUsageError(`--rounds needs a whole number ≥ 1: ${arg}`);
    } else if (arg === "--profile" || arg.startsWith("--profile=")) args.profile = optionValue("--profile");
    else if (arg === "--implementation" || arg.startsWith("--implementation="))
      args.implementation = optionValue("--implementation");
    else throw new BenchUsageError(`unknown argument ${arg} (see the comment at the top of bench/run.mjs)`);
  }
  const known = [...WORKLOADS, "suite", ...DURABLE_OBJECT_WORKLOADS];
  for (const name of args.only ?? []) {
    if (!known.includes(name))
      throw new BenchUsageError(`unknown workload ${name}; known: ${known.join(", ")}`);
  }
  if (args.implementation !== undefined && args.profile === undefined) {
    throw new BenchUsageError("--implementation goes with --profile <workload>");
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
    loadAverage1m: loadAverage1m(),
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

/** Every workers-ws variant's ratios to the references present, from one point's figures. */
function ratiosOf(byImplementation, name) {
  const value = (impl) => {
    const entry = byImplementation[impl];
    return entry && !entry.failed ? entry.value : undefined;
  };
  const ratios = {};
  for (const reference of ["floor", "floor-copying", "miniflare2"]) {
    if (byImplementation[reference]) ratios[reference] = ratio(value(name), value(reference));
  }
  return ratios;
}

/** Measures one in-process workload in interleaved rounds; fills `workloads`, `scaling`, `implementations`. */
async function inProcessWorkload(workload, config, info, into, log) {
  const implementations = [...IMPLEMENTATIONS, ...(EXTRA_IMPLEMENTATIONS[workload] ?? [])];
  const measured = await measureInRounds(workload, config, implementations, { log });
  into.failures.push(...measured.failures);
  for (const [name, described] of Object.entries(measured.implementations)) {
    into.implementations[name] ??= described;
  }
  const [own] = measured.points;
  const value = (impl) =>
    own.byImplementation[impl]?.failed ? undefined : own.byImplementation[impl]?.value;
  into.workloads[workload] = {
    ...info[workload],
    byImplementation: own.byImplementation,
    // issue 21: the targets are judged on workers-ws through the environment.
    ratios: ratiosOf(own.byImplementation, JUDGED),
    ratiosByVariant: Object.fromEntries(
      WORKERS_WS_VARIANTS.map((name) => [name, ratiosOf(own.byImplementation, name)]),
    ),
    // Transcript on ÷ off, in the workload's unit: what recording the transcript changes (issue 4).
    transcriptOnOverOff: ratio(value("workers-ws"), value("workers-ws-no-transcript")),
    // The environment ÷ the bare runtime: what every layer the environment adds changes.
    environmentOverBare: ratio(value("workers-ws-env"), value("workers-ws")),
  };
  if (measured.points.length > 1) {
    const { parameter } = SCALING[workload];
    into.scaling[workload] = {
      parameter,
      implementations: config.scaling.implementations,
      // Smallest to largest, so that each table reads left to right and growth is first → last.
      points: measured.points
        .map((point) => ({ at: point.config[parameter] ?? 0, byImplementation: point.byImplementation }))
        .sort((a, b) => a.at - b.at),
    };
  }
}

/** The suite at its own size and at each scaling point (files), each against the node environment. */
async function suiteWorkload(config, info, into, { log, keepGenerated }) {
  const sizes = [{}, ...(config.scaling.suite ?? [])];
  const points = [];
  for (const overrides of sizes) {
    const sized = { ...config, suite: { ...config.suite, ...overrides } };
    try {
      const suite = await runSuite(sized, { repoRoot, log, keepGenerated });
      const byImplementation = {
        "workers-ws": { value: suite.environments["workers-ws"].medianWallMs / 1000, unit: "s" },
        node: { value: suite.environments.node.medianWallMs / 1000, unit: "s" },
      };
      points.push({ at: suite.files, byImplementation, ratio: suite.ratio, details: suite });
      log(
        `  suite ${suite.files} files: ratio ${suite.ratio.toFixed(3)} (${suite.extraMsPerFile.toFixed(1)} ms per file)`,
      );
    } catch (error) {
      const files = sized.suite.files;
      into.failures.push({
        workload: "suite",
        implementation: "vitest",
        point: { files },
        error: error?.stack ?? String(error),
      });
      const failed = { failed: true, error: String(error?.message ?? error).split("\n")[0] };
      points.push({ at: files, byImplementation: { "workers-ws": failed, node: failed }, ratio: undefined });
      log(`  suite ${files} files: FAILED\n${error?.stack ?? error}`);
    }
  }
  const [own] = points;
  into.workloads.suite = {
    ...info.suite,
    byImplementation: own.byImplementation,
    ratios: { node: own.ratio },
    details: own.details,
  };
  into.scaling.suite = { parameter: "files", implementations: ["workers-ws", "node"], points };
}

/** The target's measured ratio: the workload's own figures, or the suite's table at a size. */
function measuredRatio(target, workloads, scaling) {
  if (target.workload !== "suite") return workloads[target.workload]?.ratios[target.against];
  const points = scaling.suite?.points ?? [];
  const point = target.at === "largest" ? points.at(-1) : points[0];
  return point?.ratio;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const configured = benchConfig({ quick: args.quick });
  const config = args.rounds === undefined ? configured : { ...configured, rounds: args.rounds };
  if (args.profile !== undefined) {
    await runProfile({
      workload: args.profile,
      implementation: args.implementation ?? JUDGED,
      config,
      quick: args.quick,
      repoRoot,
      log,
    });
    return;
  }
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
  const loadAtStart = loadAverage1m();
  const info = workloadInfo(config);
  const into = { implementations: {}, workloads: {}, scaling: {}, failures: [] };

  log(
    `workers-ws bench${args.quick ? " (quick)" : ""}: ${machine().cpu}, ${machine().cores} cores, Node ${process.version}, 1-minute load ${loadAtStart}, ${config.rounds} rounds`,
  );
  for (const workload of WORKLOADS.filter((w) => selected.includes(w))) {
    await inProcessWorkload(workload, config, info, into, log);
  }
  if (selected.includes("suite")) {
    await suiteWorkload(config, info, into, { log, keepGenerated: args.keepGenerated });
  }
  const { implementations, workloads, scaling, failures } = into;

  // Durable Objects (issue 19): workers-ws alone in memory, then the fixtures' test files against
  // the Cloudflare Vitest integration.
  const durableObjects = {};
  if (selected.includes("durable-objects")) {
    const t0 = performance.now();
    const load = loadAverage1m();
    const outcome = await runChild("durable-objects", "workers-ws", config);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (outcome.ok) {
      durableObjects.inMemory = { ...outcome.result, loadAverage1m: load };
      log(`  durable-objects workers-ws ${outcome.result.value.toFixed(0)} ms per cycle (${seconds} s)`);
    } else {
      failures.push({ workload: "durable-objects", implementation: "workers-ws", error: outcome.error });
      log(`  durable-objects: FAILED (${seconds} s)\n${outcome.error}`);
    }
  }
  if (selected.includes("pool-workers")) {
    try {
      const load = loadAverage1m();
      durableObjects.testFiles = {
        ...(await runPoolWorkers(config, { repoRoot, log })),
        loadAverage1m: load,
      };
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
    const measured = measuredRatio(t, workloads, scaling);
    const met =
      measured === undefined ? undefined : t.op === ">=" ? measured >= t.ratio : measured <= t.ratio;
    const files =
      t.workload === "suite"
        ? (t.at === "largest" ? scaling.suite.points.at(-1) : scaling.suite.points[0])?.at
        : undefined;
    return { ...t, implementation: t.workload === "suite" ? "workers-ws" : JUDGED, files, measured, met };
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
    judged: JUDGED,
    implementations,
    config,
    workloads,
    scaling,
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
  // A failed reference is reported as failed; only a failure of workers-ws itself fails the run.
  const own = failures.filter((f) => isWorkersWs(f.implementation));
  if (own.length > 0) process.exitCode = 1;
  else if (failures.length > 0)
    log(`${failures.length} reference measurement(s) failed (reported in results.md)`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BenchUsageError || error instanceof ProfileUsageError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
