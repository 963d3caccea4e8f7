/**
 * Sizes, sample counts and runtime options of `npm run bench`. Every workload reads its numbers
 * from here, and results.json records the whole object, so a change of size is visible there.
 */
const FULL = {
  /** Compatibility settings of the workers-ws runtime under test (the package's default date). */
  runtime: { compatibilityDate: "2026-11-01", compatibilityFlags: [] },

  /**
   * The option that turns the transcript on (issue 7 asks for memory "with the transcript on as
   * shipped"): the harness passes these options to createRuntime() for the "workers-ws"
   * implementation, the one the targets are judged on, and records whether the runtime accepted
   * them. A runtime without the option rejects the unknown name; the bench then runs as shipped and
   * says so in results.json.
   */
  transcriptOptions: { transcript: true },
  /**
   * The same runtime with the transcript off, measured as its own implementation
   * ("workers-ws-no-transcript"), so the report shows what recording costs (issue 4).
   */
  transcriptOffOptions: { transcript: false },

  throughput: { messages: 200_000, warmupMessages: 20_000, warmupIterations: 1, samples: 3 },
  latency: { roundTrips: 20_000, warmupRoundTrips: 2_000, rounds: 5 },
  binary: { messageBytes: 64 * 1024, messages: 2_000, warmupIterations: 1, samples: 7 },
  memory: { pairs: 50_000, warmupPairs: 5_000, samples: 3 },
  churn: { pairsPerSample: 10_000, warmupIterations: 1, samples: 7 },
  suite: { files: 20, testsPerFile: 5, warmupRunsPerEnvironment: 1, runsPerEnvironment: 4 },
  /** Issue 19: objects × hibernatable sockets each, connected, broadcast to, evicted and woken. */
  durableObjects: { objects: 1_000, socketsPerObject: 10, warmupRounds: 1, rounds: 3 },
  /**
   * Issue 19's headline: the fixtures' Durable Object test files that use only cloudflare:test and
   * plain Vitest, under @cloudflare/vitest-plugin and under workers-ws (Vitest wall time).
   */
  poolWorkers: {
    fixtures: [
      { dir: "fixtures/durable-chat", wrangler: "./wrangler.jsonc", files: ["conversation.test.ts"] },
      { dir: "fixtures/durable-plain", wrangler: "./wrangler.jsonc", files: ["members.test.ts"] },
    ],
    warmupRunsPerRunner: 1,
    runsPerRunner: 4,
  },

  /** A child process that runs longer than this is killed and its workload reported as failed. */
  childTimeoutMs: 240_000,
};

/** --quick: the same workloads at a tenth of the size, for checking the harness, never for quoting. */
function quick(config) {
  return {
    ...config,
    throughput: { ...config.throughput, messages: 20_000, warmupMessages: 2_000 },
    latency: { ...config.latency, roundTrips: 2_000, warmupRoundTrips: 200, rounds: 3 },
    binary: { ...config.binary, messages: 200 },
    memory: { ...config.memory, pairs: 5_000, warmupPairs: 500 },
    churn: { ...config.churn, pairsPerSample: 1_000 },
    suite: { ...config.suite, files: 4, runsPerEnvironment: 2 },
    durableObjects: { ...config.durableObjects, objects: 100, rounds: 1 },
    poolWorkers: { ...config.poolWorkers, warmupRunsPerRunner: 0, runsPerRunner: 1 },
  };
}

export function benchConfig(options = { quick: process.env.BENCH_QUICK === "1" }) {
  return options.quick ? quick(FULL) : FULL;
}

/** The implementations every in-process workload runs against, in report order. */
export const IMPLEMENTATIONS = ["workers-ws", "workers-ws-no-transcript", "floor", "miniflare2"];

/** Implementations that are workers-ws itself (ratios to the references are reported for each). */
export const WORKERS_WS_VARIANTS = ["workers-ws", "workers-ws-no-transcript"];

/**
 * The in-process workloads, in run order; the Vitest suite workload runs after them, then the
 * Durable Object workloads (DURABLE_OBJECT_WORKLOADS: workers-ws only, no reference has them).
 */
export const WORKLOADS = ["throughput", "latency", "binary", "memory", "churn"];

/** Issue 19's workloads: reported in their own section (no floor or Miniflare 2 equivalent). */
export const DURABLE_OBJECT_WORKLOADS = ["durable-objects", "pool-workers"];
