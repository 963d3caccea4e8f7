/**
 * What the report says about each workload: titles built from the configuration actually run,
 * units, which direction is better, and the targets of issue 7 as ratios of workers-ws to another
 * implementation (for the suite: the workers-ws environment to the node environment).
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

/** The targets of issue 7. `ratio` is workers-ws ÷ `against`. */
export const TARGETS = [
  { workload: "throughput", against: "floor", op: ">=", ratio: 0.6 },
  { workload: "throughput", against: "miniflare2", op: ">=", ratio: 2 },
  { workload: "latency", against: "floor", op: "<=", ratio: 2 },
  { workload: "memory", against: "floor", op: "<=", ratio: 1.5 },
  { workload: "churn", against: "miniflare2", op: ">=", ratio: 4 },
  { workload: "suite", against: "node", op: "<=", ratio: 1.15 },
];

/**
 * Issue 19: the fixtures' Durable Object test files at least this many times faster under
 * workers-ws than under @cloudflare/vitest-plugin (pool-workers' wall time ÷ workers-ws').
 */
export const DURABLE_OBJECT_SPEEDUP_TARGET = 5;

export const LABELS = {
  "pool-workers": "@cloudflare/vitest-plugin",
  "workers-ws": "workers-ws",
  "workers-ws-no-transcript": "workers-ws, transcript off",
  floor: "floor",
  miniflare2: "Miniflare 2",
  node: "node environment",
  "workers-ws-env": "workers-ws environment",
};

export function formatValue(value, unit) {
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
