#!/usr/bin/env node
// `npm run conformance`: runs every scenario × configuration in workerd and in the emulation, writes
// report.md, report.json and workerd-traces/, and exits non-zero on any unlisted difference or error.
//
//   node test/conformance/cli.mjs [--build] [--filter <regexp>] [--config <id>[,<id>…]] [--jobs <n>]
//
//   --build    run `npm run build` first; if it fails the emulation is reported as unavailable (the
//              workerd side still runs, so its traces are always produced)
//   --filter   only cases whose id ("07-close-client-initiated/clientCloses") matches
//   --config   only these configuration ids (see configurations.mjs)
//   --jobs     configurations run in parallel per side (default 2–4)
//   --traces   also print each case's workerd trace (configurations with the same trace grouped)
// A filtered run prints its differences and does not rewrite the committed report files.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CONFIGURATIONS } from "./configurations.mjs";
import { WORKERD_TRACES_DIR, writeReport } from "./runner/report.mjs";
import { CONFORMANCE_DIR } from "./runner/scenario-files.mjs";
import { defaultJobs, runConformance, summarise } from "./runner/suite.mjs";

const { values: options } = parseArgs({
  options: {
    build: { type: "boolean", default: false },
    filter: { type: "string" },
    config: { type: "string" },
    jobs: { type: "string" },
    traces: { type: "boolean", default: false },
  },
});

const ROOT = path.resolve(CONFORMANCE_DIR, "../..");

/** Runs the root build. Returns undefined on success, or why the emulation cannot be used. */
function build() {
  console.log("$ npm run build");
  const result = spawnSync("npm", ["run", "build"], {
    cwd: ROOT,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  if (result.status === 0) return undefined;
  const tail = `${result.stdout ?? ""}${result.stderr ?? ""}`
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("npm warn"))
    .slice(-15)
    .join("\n");
  return `npm run build failed (exit ${result.status}), so the emulation was not run:\n${tail}`;
}

function selectConfigurations() {
  if (!options.config) return CONFIGURATIONS;
  const wanted = options.config.split(",");
  const unknown = wanted.filter((id) => !CONFIGURATIONS.some((c) => c.id === id));
  if (unknown.length) throw new Error(`Unknown configuration ${unknown.join(", ")}; see configurations.mjs.`);
  return CONFIGURATIONS.filter((c) => wanted.includes(c.id));
}

/** How many workerd traces changed against the committed fixtures (a check that workerd is stable). */
function changedAgainstFixtures(run) {
  let changed = 0;
  for (const configuration of run.configurations) {
    const file = path.join(WORKERD_TRACES_DIR, `${configuration.id}.json`);
    if (!existsSync(file)) continue;
    const previous = JSON.parse(readFileSync(file, "utf8")).traces ?? {};
    for (const [id, trace] of Object.entries(run.workerdTraces[configuration.id])) {
      if (id in previous && JSON.stringify(previous[id]) !== JSON.stringify(trace)) {
        changed++;
        console.log(`  workerd trace changed since the committed fixture: ${configuration.id} ${id}`);
      }
    }
  }
  return changed;
}

/** --traces: each case's workerd trace, one entry per line, configurations with equal traces together. */
function printWorkerdTraces(run) {
  for (const id of run.caseIds) {
    const groups = new Map();
    for (const { id: configurationId } of run.configurations) {
      const trace = run.workerdTraces[configurationId][id];
      const text = trace ? trace.map((entry) => JSON.stringify(entry)).join("\n") : "(no trace)";
      groups.set(text, [...(groups.get(text) ?? []), configurationId]);
    }
    for (const [text, configurationIds] of groups) {
      console.log(`\n=== workerd ${id} [${configurationIds.join(", ")}]\n${text}`);
    }
  }
}

async function main() {
  const started = Date.now();
  const emulationUnavailable = options.build ? build() : undefined;
  const filter = options.filter ? new RegExp(options.filter) : undefined;
  const configurations = selectConfigurations();
  const jobs = options.jobs ? Number(options.jobs) : defaultJobs();
  const partial = Boolean(filter || options.config);

  const run = await runConformance({
    configurations,
    filter,
    jobs,
    emulationUnavailable,
    onProgress: (line) => console.log(line),
  });
  const summary = summarise(run);
  if (options.traces) printWorkerdTraces(run);

  if (!partial) {
    const changed = changedAgainstFixtures(run);
    if (changed)
      console.log(`${changed} workerd trace(s) differ from the committed workerd-traces/ (rewritten now).`);
    writeReport(run);
    console.log("Wrote test/conformance/report.md, report.json and workerd-traces/.");
  } else {
    for (const result of run.results.filter((r) => r.status !== "identical")) {
      console.log(`\n--- ${result.case} [${result.configuration}] ${result.status}`);
      console.log(result.diff ? result.diff.join("\n") : result.error);
    }
  }
  for (const entry of run.staleKnownDifferences)
    console.log(`Stale entry in known-differences.json: ${entry.case}`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${run.caseIds.length} cases × ${configurations.length} configurations = ${summary.runs} runs in ${seconds} s: ` +
      `${summary.identical} identical, ${summary.differs} differ, ${summary.accepted} accepted, ${summary.error} errors. ` +
      (summary.passed ? "PASS" : "FAIL"),
  );
  return summary.passed ? 0 : 1;
}

// Ctrl-C: exit through process.exit so the runner's exit hook kills any workerd still running.
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
