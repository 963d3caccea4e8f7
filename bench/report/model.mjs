/**
 * What the report says about each workload: titles built from the configuration actually run,
 * units, which direction is better, the targets of issue 21 as ratios of workers-ws (through the
 * Vitest environment as installed) to another implementation (for the suite: the workers-ws
 * environment to the node environment), and how the scaling tables read their points.
 */

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function workloadInfo(config) {
  const { throughput, latency, binary, memory, churn, suite } = config;
  return {
    throughput: {
      title: "Pair throughput",
      detail: `${int.format(throughput.messages)} small strings one way, one burst`,
      unit: "messages/s",
      better: "higher",
    },
    latency: {
      title: "Round-trip latency",
      detail: `${int.format(latency.roundTrips)} sequential ping/pong, median`,
      unit: "µs",
      better: "lower",
    },
    binary: {
      title: "Binary throughput",
      detail: `${int.format(binary.messages)} × ${binary.messageBytes / 1024} KiB, one burst`,
      unit: "MB/s",
      better: "higher",
    },
    memory: {
      title: "Memory per open pair",
      detail: `${int.format(memory.pairs)} accepted pairs, heap delta after GC`,
      unit: "bytes/pair",
      better: "lower",
    },
    churn: {
      title: "Churn",
      detail: `${int.format(churn.pairsPerSample)} pairs created, accepted, closed, delivered`,
      unit: "pairs/s",
      better: "higher",
    },
    suite: {
      title: "Environment cost",
      detail: `${suite.files} files × ${suite.testsPerFile} tests, Vitest wall time`,
      unit: "s",
      better: "lower",
    },
  };
}

/** The implementation issue 21's targets are judged on: workers-ws set up as Vitest installs it. */
export const JUDGED = "workers-ws-env";

/**
 * The targets of issue 21. `ratio` is JUDGED ÷ `against` in the workload's unit. The suite's two
 * are judged at its own size (`at: "own"`, 20 files) and at its largest scaling point
 * (`at: "largest"`, 200 files), both from the suite's scaling table.
 */
export const TARGETS = [
  { workload: "throughput", against: "miniflare2", op: ">=", ratio: 2 },
  { workload: "throughput", against: "floor", op: ">=", ratio: 0.7 },
  { workload: "latency", against: "miniflare2", op: "<=", ratio: 1 },
  { workload: "latency", against: "floor", op: "<=", ratio: 2 },
  { workload: "memory", against: "miniflare2", op: "<=", ratio: 1 },
  { workload: "memory", against: "floor", op: "<=", ratio: 1.5 },
  { workload: "churn", against: "miniflare2", op: ">=", ratio: 4 },
  { workload: "binary", against: "floor-copying", op: ">=", ratio: 0.5 },
  { workload: "suite", against: "node", op: "<=", ratio: 1.1, at: "own" },
  { workload: "suite", against: "node", op: "<=", ratio: 1.1, at: "largest" },
];

/**
 * The scaling tables: which setting each point changes, what the column says, and what "cost"
 * means when the report says how it grows (per message, per round trip, per pair, per file).
 */
export const SCALING = {
  throughput: { parameter: "neighbours", column: "other pairs open", cost: "per-message cost" },
  latency: { parameter: "neighbours", column: "other pairs open", cost: "round-trip time" },
  churn: { parameter: "neighbours", column: "other pairs open", cost: "per-pair cost" },
  memory: { parameter: "pairs", column: "pairs open", cost: "memory per pair" },
  suite: { parameter: "files", column: "test files", cost: "wall time" },
};

/** A figure as a cost (larger is worse): time per unit for rates, the value itself otherwise. */
export function costOf(workload, value) {
  return workload.better === "higher" ? 1 / value : value;
}

/**
 * How one implementation's cost changes from the first to the last point of a scaling table where
 * it has a figure: { change, from, to }, change as a fraction (+0.03 is "grows 3 %"); undefined
 * with fewer than two such points (or a failed one at either end).
 */
export function growth(workload, points, implementation) {
  const measured = points.filter((p) => p.byImplementation[implementation]);
  const first = measured[0];
  const last = measured.at(-1);
  if (measured.length < 2) return undefined;
  const a = first.byImplementation[implementation];
  const b = last.byImplementation[implementation];
  if (a.failed || b.failed) return undefined;
  return { change: costOf(workload, b.value) / costOf(workload, a.value) - 1, from: first.at, to: last.at };
}

/**
 * Issue 19: the fixtures' Durable Object test files at least this many times faster under
 * workers-ws than under @cloudflare/vitest-plugin (pool-workers' wall time ÷ workers-ws').
 */
export const DURABLE_OBJECT_SPEEDUP_TARGET = 5;

export const LABELS = {
  "pool-workers": "@cloudflare/vitest-plugin",
  "workers-ws-env": "workers-ws through the environment",
  "workers-ws": "workers-ws, bare runtime",
  "workers-ws-no-transcript": "workers-ws, transcript off",
  floor: "floor",
  "floor-copying": "floor, copying at send()",
  miniflare2: "Miniflare 2",
  node: "node environment",
};

export function formatValue(value, unit) {
  if (typeof value === "object" && value?.failed) return "**failed**";
  if (value === undefined || value === null || Number.isNaN(value)) return "—";
  switch (unit) {
    case "µs":
      return `${value.toFixed(value < 10 ? 2 : 1)} µs`;
    case "s":
      return `${value.toFixed(2)} s`;
    case "bytes/pair":
      return `${int.format(value)} B`;
    case "MB/s":
      return `${int.format(value)} MB/s`;
    case "messages/s":
      return `${int.format(value)} msg/s`;
    default:
      return `${int.format(value)} ${unit}`;
  }
}

export function formatRatio(ratio) {
  if (ratio === undefined || Number.isNaN(ratio)) return "—";
  if (ratio >= 100) return `${ratio.toFixed(0)}×`;
  if (ratio >= 1) return `${ratio.toFixed(2)}×`;
  return `${ratio.toPrecision(2)}×`;
}
