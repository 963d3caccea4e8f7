/**
 * `npm run bench -- --profile <workload> [--implementation <name>]` (default workers-ws-env): runs
 * that workload's child once under `node --cpu-prof`, with the inspector's sampling heap profiler
 * on during the workload (collected objects included: child.mjs), then prints the 25 functions
 * with the most self time inside the workload's window (start-up and tear-down left out) and the
 * 25 allocation sites with the most bytes, and writes the raw profiles and the same tables (as
 * Markdown, ready for docs/benchmarks/profile-findings.md) under bench/.generated/profile/.
 * The child runs at the configured size (--quick for the quick one). Nothing outside Node is used.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { WORKLOADS } from "./config.mjs";
import { runChild } from "./lib/child-process.mjs";
import { allocationSites, cpuSelfTime, cpuSelfTimeByFile } from "./lib/profile-summary.mjs";

const TOP = 25;
const here = dirname(fileURLToPath(import.meta.url));

function markdownTable(header, rows) {
  const widths = header.map((cell, i) => Math.max(3, cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(" | ")} |`;
  const separator = widths.map((width, i) => (i === 0 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`));
  return [line(header), `| ${separator.join(" | ")} |`, ...rows.map(line)].join("\n");
}

const percent = (share) => `${(share * 100).toFixed(1)} %`;
const site = (text) => `\`${text}\``;

/** A workload or implementation --profile does not know (run.mjs prints the message alone). */
export class ProfileUsageError extends Error {
  name = "ProfileUsageError";
}

export async function runProfile({ workload, implementation, config, quick, repoRoot, log }) {
  if (!WORKLOADS.includes(workload)) {
    throw new ProfileUsageError(
      `--profile takes an in-process workload: ${WORKLOADS.join(", ")}; got ${workload}`,
    );
  }
  if (!existsSync(join(here, "adapters", `${implementation}.mjs`))) {
    const known = readdirSync(join(here, "adapters")).map((f) => f.replace(/\.mjs$/, ""));
    throw new ProfileUsageError(`unknown implementation ${implementation}; known: ${known.join(", ")}`);
  }
  const dir = join(repoRoot, "bench", ".generated", "profile");
  mkdirSync(dir, { recursive: true });
  const stamp = `${workload}-${implementation}-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const cpuFile = join(dir, `${stamp}.cpuprofile`);
  const heapFile = join(dir, `${stamp}.heapprofile`);
  log(`profiling ${workload} on ${implementation} (one child, node --cpu-prof; allocations sampled)…`);
  const outcome = await runChild(workload, implementation, config, {
    execArgv: [
      "--cpu-prof",
      "--cpu-prof-interval=500",
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-name=${stamp}.cpuprofile`,
    ],
    env: { BENCH_HEAP_PROFILE: heapFile },
  });
  if (!outcome.ok) throw new Error(`the profiled child failed:\n${outcome.error}`);
  const { result } = outcome;

  const cpu = cpuSelfTime(JSON.parse(readFileSync(cpuFile, "utf8")), repoRoot, result.profileWindows);
  const heap = allocationSites(JSON.parse(readFileSync(heapFile, "utf8")), repoRoot);
  const command = `npm run bench -- --profile ${workload} --implementation ${implementation}${quick ? " --quick" : ""}`;
  const sections = [
    `### ${workload} on ${implementation}`,
    "",
    `Made by \`${command}\` on ${new Date().toISOString()} (Node ${process.version}); the workload's figure in` +
      ` this child: ${result.value.toFixed(2)} ${result.unit} (profiled, so slower than unprofiled).` +
      ` CPU: ${cpu.samples} samples (every 0.5 ms), ${cpu.totalMs.toFixed(0)} ms inside the workload, set-up hooks` +
      ` included, the harness's full GCs between samples (${cpu.harnessGcMs.toFixed(0)} ms) left out; allocations: ` +
      `${(heap.totalBytes / 1e6).toFixed(1)} MB sampled during the workload, collected objects included.`,
    "",
    `Top ${TOP} functions by self time:`,
    "",
    markdownTable(
      ["Function (file:line:column)", "Self ms", "Share"],
      cpu.rows.slice(0, TOP).map((r) => [site(r.site), r.ms.toFixed(1), percent(r.share)]),
    ),
    "",
    "Self time by file:",
    "",
    markdownTable(
      ["File", "Self ms", "Share"],
      cpuSelfTimeByFile(cpu.rows)
        .slice(0, 12)
        .map((r) => [site(r.site), r.ms.toFixed(1), percent(r.share)]),
    ),
    "",
    `Top ${TOP} allocation sites (estimated bytes allocated by the function itself):`,
    "",
    markdownTable(
      ["Allocating function (file:line:column)", "MB", "Share"],
      heap.rows.slice(0, TOP).map((r) => [site(r.site), (r.bytes / 1e6).toFixed(2), percent(r.share)]),
    ),
    "",
  ];
  const markdown = sections.join("\n");
  const summaryFile = join(dir, `${stamp}.md`);
  writeFileSync(summaryFile, markdown);
  log(markdown);
  log(
    `wrote ${[cpuFile, heapFile, summaryFile].map((f) => relative(process.cwd(), f)).join(", ")}` +
      " (open the .cpuprofile and .heapprofile in Chrome DevTools for the full trees)",
  );
}
