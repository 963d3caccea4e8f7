import { configDefaults, defineConfig } from "vitest/config";

/**
 * The test projects. `npm test` runs Vitest with this file as its config (Vitest 4 no longer
 * auto-loads a workspace file, so the projects are declared here under test.projects).
 *
 * preserveSymlinks keeps our workspace packages at their node_modules paths, so Vitest
 * externalises them exactly as it does for a user who installed them from npm: the environment
 * and the test files then share one instance of the runtime.
 */
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    projects: [
      {
        // Runs every scenario in workerd and in workers-ws and compares the traces (test/conformance).
        // It starts its own workerd processes and worker threads: one file in one fork.
        extends: true,
        test: {
          name: "conformance",
          include: [
            "test/conformance/conformance.test.ts",
            "test/conformance/network/*.test.ts",
            "test/conformance/runner/*.test.ts",
          ],
          // The network comparison moves 32 MiB messages: never beside the timing-sensitive suite.
          fileParallelism: false,
          environment: "node",
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: "runtime",
          include: ["packages/workers-ws/test/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "environment",
          include: ["test/environment/**/*.test.ts"],
          environment: "workers-ws",
          environmentOptions: { "workers-ws": { compatibilityDate: "2026-11-01" } },
        },
      },
      {
        extends: true,
        test: {
          // Vitest can fake process.nextTick only in worker threads.
          name: "environment-threads",
          include: ["test/environment-threads/**/*.test.ts"],
          environment: "workers-ws",
          pool: "threads",
        },
      },
      {
        extends: true,
        test: {
          // The example Workers and their tests, written the way users write them.
          name: "fixtures",
          include: ["fixtures/**/*.test.ts"],
          // The Durable Object fixtures are projects of their own (their vitest.config.ts, below);
          // the chat page runs in the browser project (below).
          exclude: [...configDefaults.exclude, "fixtures/durable-*/**", "fixtures/chat-page/**"],
          environment: "workers-ws",
          environmentOptions: {
            "workers-ws": {
              compatibilityDate: "2026-11-01",
              // fetch() and new WebSocket() to feed.example reach this Worker module in memory.
              routes: { "feed.example": "./fixtures/client-worker/feed.ts" },
            },
          },
        },
      },
      // Wrangler projects with Durable Objects, each configured as a user's project is (its root is
      // its directory: the wrangler option and the cloudflare:test imports as a user has them).
      "fixtures/durable-chat/vitest.config.ts",
      "fixtures/durable-plain/vitest.config.ts",
      // ctx.storage.sql of a new_sqlite_classes class: on Node 20 (npm test) its "needs Node.js 22.16"
      // error only; the node:sqlite path runs on Node 24 in npm run test:legs (test/legs).
      "fixtures/durable-sql/vitest.config.ts",
      {
        extends: true,
        test: {
          // Real sockets on 127.0.0.1: serve(), outbound connections, limits and faults, teardown.
          name: "network",
          include: ["test/network/**/*.test.ts"],
          environment: "workers-ws",
          environmentOptions: { "workers-ws": { compatibilityDate: "2026-11-01" } },
          testTimeout: 20_000,
          // Files one after another: 32 MiB messages in parallel would starve the timing-sensitive
          // projects that run beside this one.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // What a new user meets: every README snippet, and the packages as npm pack ships them.
          name: "docs",
          include: ["test/docs/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "docblock",
          include: ["test/docblock/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          // Model-based fuzzing against a reference model of workerd (test/reliability); the long
          // run is `npm run fuzz`.
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          // Browser pages (happy-dom) talking to Workers routed in memory, as users configure it.
          name: "browser",
          include: ["test/browser/**/*.test.ts", "fixtures/chat-page/**/*.test.ts"],
          environment: "workers-ws",
          environmentOptions: {
            "workers-ws": {
              compatibilityDate: "2026-11-01",
              // The chat page's site (its HTML and script), as a user routes a Worker module.
              routes: { "chat-app.example": "./fixtures/chat-page/site.ts" },
            },
          },
        },
      },
      {
        extends: true,
        test: {
          // The WebSocket matchers, registered by the environment with no config.
          name: "matchers",
          include: ["test/matchers/**/*.test.ts"],
          environment: "workers-ws",
          environmentOptions: { "workers-ws": { compatibilityDate: "2026-11-01" } },
        },
      },
    ],
  },
});
