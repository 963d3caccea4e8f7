// Runs every scenario case under every configuration in workerd and in the emulation, and compares the
// traces. Used by the CLI (cli.mjs) and by the Vitest test (conformance.test.ts).

import os from "node:os";
import { CONFIGURATIONS } from "../configurations.mjs";
import { diffLines, traceLines, tracesEqual, unifiedDiff } from "./compare.mjs";
import { findKnownDifference, loadKnownDifferences } from "./known-differences.mjs";
import { NORMALISATIONS, normaliseTrace } from "./normalise.mjs";
import { runEmulationConfiguration } from "./runner-emulation.mjs";
import { runWorkerdConfiguration, workerdVersion } from "./runner-workerd.mjs";
import { loadCases } from "./scenario-files.mjs";

/** Runs `tasks` (functions returning promises) with at most `limit` in flight; keeps result order. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Default parallelism per side. Cases spend their time in short sleeps, not on the CPU, so even two
 * cores run four configurations at once without any trace changing (checked with 1, 4 and 8 jobs).
 */
export function defaultJobs() {
  return Math.max(4, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

/**
 * Runs the suite. Options:
 *   configurations  which configurations (default: all of configurations.mjs)
 *   filter          RegExp on case ids ("07-close-client-initiated/clientCloses")
 *   jobs            configurations run in parallel, per side
 *   emulationUnavailable  a reason to skip the emulation (e.g. the build failed); every case then errors
 *   onProgress      called with a line of text as configurations finish
 * Returns the result object that report.mjs renders (see README "report.json").
 */
export async function runConformance({
  configurations = CONFIGURATIONS,
  filter,
  jobs = defaultJobs(),
  emulationUnavailable,
  onProgress = () => {},
} = {}) {
  const cases = (await loadCases()).filter(({ id }) => !filter || filter.test(id));
  const caseIds = cases.map(({ id }) => id);
  const known = loadKnownDifferences();
  const version = await workerdVersion();

  const workerdRuns = pool(
    configurations.map((configuration) => async () => {
      const run = await runWorkerdConfiguration(configuration, cases);
      onProgress(`workerd   ${configuration.id}: ${Object.keys(run.traces).length}/${cases.length} traces`);
      return run;
    }),
    jobs,
  );
  const emulationRuns = pool(
    configurations.map((configuration) => async () => {
      const run = emulationUnavailable
        ? { unavailable: emulationUnavailable }
        : await runEmulationConfiguration(configuration, caseIds);
      onProgress(
        `emulation ${configuration.id}: ${run.unavailable ? "unavailable" : `${Object.keys(run.traces).length} traces`}`,
      );
      return run;
    }),
    jobs,
  );
  const [workerd, emulation] = await Promise.all([workerdRuns, emulationRuns]);

  const normalisationCounts = Object.fromEntries(NORMALISATIONS.map(({ id }) => [id, 0]));
  const workerdTraces = {};
  const results = [];
  configurations.forEach((configuration, c) => {
    workerdTraces[configuration.id] = {};
    for (const id of caseIds) {
      const result = { case: id, configuration: configuration.id };
      const rawExpected = workerd[c].traces[id];
      const expected = rawExpected && normaliseTrace(rawExpected, normalisationCounts);
      if (expected) workerdTraces[configuration.id][id] = expected;
      const rawActual = emulation[c].traces?.[id];
      const actual = rawActual && normaliseTrace(rawActual, normalisationCounts);
      if (!expected) {
        Object.assign(result, { status: "error", error: `workerd: ${workerd[c].errors[id] ?? "no trace"}` });
      } else if (!actual) {
        const notAvailable = emulation[c].notAvailable?.[id];
        Object.assign(result, {
          status: "error",
          error: notAvailable
            ? `emulation: not available: ${notAvailable}`
            : `emulation: ${emulation[c].unavailable ?? "no trace"}`,
        });
      } else if (tracesEqual(expected, actual)) {
        result.status = "identical";
      } else {
        const accepted = findKnownDifference(
          known,
          id,
          configuration.id,
          diffLines(traceLines(expected), traceLines(actual)),
        );
        Object.assign(
          result,
          accepted ? { status: "accepted", reason: accepted.reason } : { status: "differs" },
        );
        result.diff = unifiedDiff(expected, actual);
      }
      results.push(result);
    }
  });

  await confirmDifferences({ configurations, cases, results, workerdTraces, onProgress });

  const listed = new Set(
    results.filter((r) => r.status === "accepted").map((r) => `${r.case} ${r.configuration}`),
  );
  // An entry is stale when it covers a case and configuration that ran here but nothing differed.
  const staleKnownDifferences = known.filter((entry) => {
    const covered = configurations.filter(
      ({ id }) => entry.configurations === undefined || entry.configurations.includes(id),
    );
    return (
      caseIds.includes(entry.case) &&
      covered.length > 0 &&
      !covered.some(({ id }) => listed.has(`${entry.case} ${id}`))
    );
  });

  return {
    workerdVersion: version,
    configurations,
    caseIds,
    normalisations: NORMALISATIONS.map(({ id, description }) => ({
      id,
      description,
      applied: normalisationCounts[id],
    })),
    results,
    staleKnownDifferences,
    workerdTraces,
  };
}

/**
 * Runs every case that differed once more, alone (one configuration at a time, both sides), and
 * keeps the second comparison. A real difference is deterministic and shows again; a case that
 * races a real timer (the 23-timing cases) can lose that race once when the machine is starved of
 * CPU, on either side, and is then identical on the rerun. Such a result is kept as identical with
 * `rerun: "identical"` and its first diff, so the report still shows it.
 */
async function confirmDifferences({ configurations, cases, results, workerdTraces, onProgress }) {
  const differing = results.filter((result) => result.status === "differs");
  for (const configuration of configurations) {
    const ids = differing.filter((r) => r.configuration === configuration.id).map((r) => r.case);
    if (ids.length === 0) continue;
    const subset = cases.filter(({ id }) => ids.includes(id));
    const [workerd, emulation] = [
      await runWorkerdConfiguration(configuration, subset),
      await runEmulationConfiguration(configuration, ids),
    ];
    onProgress(`rerun     ${configuration.id}: ${ids.length} differing case(s)`);
    for (const result of differing.filter((r) => r.configuration === configuration.id)) {
      const expected = workerd.traces[result.case] && normaliseTrace(workerd.traces[result.case], {});
      const actual = emulation.traces?.[result.case] && normaliseTrace(emulation.traces[result.case], {});
      if (expected && actual && tracesEqual(expected, actual)) {
        result.status = "identical";
        result.rerun = "identical";
        result.firstDiff = result.diff;
        delete result.diff;
        workerdTraces[configuration.id][result.case] = expected;
      }
    }
  }
}

/** Counts per status, and whether the run passes (no unlisted difference, no error). */
export function summarise({ results }) {
  const counts = { identical: 0, differs: 0, accepted: 0, error: 0 };
  for (const { status } of results) counts[status]++;
  return { runs: results.length, ...counts, passed: counts.differs === 0 && counts.error === 0 };
}
