/**
 * Interleaved rounds (issue 21): one in-process workload at its own size and at its scaling points,
 * R rounds, each round running every (point, implementation) child once in a fixed order, so that
 * a slow minute of the machine falls on every candidate alike. The figure of a candidate is the
 * median over rounds of each child's own median; a candidate with a failed round is reported as
 * failed (with the error), never as a number.
 */
import os from "node:os";
import { runChild } from "./child-process.mjs";
import { median } from "./stats.mjs";

/** The 1-minute load average now: other work on the machine skews every figure. */
export function loadAverage1m() {
  return Number(os.loadavg()[0].toFixed(2));
}

/**
 * The points a workload runs at: its own size (all `implementations`) first, then the scaling
 * points of config.scaling (config.scaling.implementations, or the point's own `only` list), each
 * with the configuration its children get.
 */
export function pointsOf(workload, config, implementations) {
  const own = { overrides: {}, implementations, config };
  // A point's `only` narrows the scaling implementations further (the costliest points).
  const scaling = (config.scaling.points[workload] ?? []).map(({ only, ...overrides }) => ({
    overrides,
    implementations: (only ?? config.scaling.implementations).filter((impl) =>
      implementations.includes(impl),
    ),
    config: { ...config, [workload]: { ...config[workload], ...overrides } },
  }));
  return [own, ...scaling];
}

/** Median over rounds, or a failure record when any round failed. */
function aggregate(outcomes) {
  const failed = outcomes.find((o) => !o.ok);
  if (failed) {
    return {
      failed: true,
      error: failed.error,
      roundsFailed: outcomes.filter((o) => !o.ok).length,
      rounds: outcomes.length,
    };
  }
  const values = outcomes.map((o) => o.result.value);
  return {
    value: median(values),
    unit: outcomes[0].result.unit,
    roundValues: values,
    loadAverages1m: outcomes.map((o) => o.loadAverage1m),
    perRound: outcomes.map((o) => ({ ...o.result, loadAverage1m: o.loadAverage1m })),
  };
}

/**
 * Runs the rounds; returns, per point, the aggregated figure of every implementation, plus what
 * each implementation said about itself (name, version, notes) and the failures, for the report.
 */
export async function measureInRounds(workload, config, implementations, { log }) {
  const points = pointsOf(workload, config, implementations);
  const outcomes = points.map((point) => Object.fromEntries(point.implementations.map((impl) => [impl, []])));
  const described = {};
  for (let round = 0; round < config.rounds; round++) {
    for (const [index, point] of points.entries()) {
      for (const impl of point.implementations) {
        const t0 = performance.now();
        const load = loadAverage1m();
        const outcome = await runChild(workload, impl, point.config);
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        outcomes[index][impl].push({ ...outcome, loadAverage1m: load });
        const where = Object.entries(point.overrides)
          .filter(([key]) => key === "neighbours" || key === "pairs")
          .map(([key, value]) => ` ${key}=${value}`)
          .join("");
        const label = `  ${workload}${where} round ${round + 1}/${config.rounds} ${impl}`.padEnd(58);
        if (outcome.ok) {
          described[impl] ??= outcome.implementation;
          log(`${label} ${outcome.result.value.toFixed(2)} ${outcome.result.unit} (${seconds} s)`);
        } else {
          log(`${label} FAILED (${seconds} s)\n${outcome.error}`);
        }
      }
    }
  }
  const failures = [];
  const aggregated = points.map((point, index) => {
    const byImplementation = {};
    for (const impl of point.implementations) {
      byImplementation[impl] = aggregate(outcomes[index][impl]);
      if (byImplementation[impl].failed) {
        failures.push({
          workload,
          implementation: impl,
          point: point.overrides,
          error: byImplementation[impl].error,
        });
      }
    }
    return { overrides: point.overrides, config: point.config[workload], byImplementation };
  });
  return { points: aggregated, implementations: described, failures };
}
