// Vitest config for the conformance suite alone: `npm run test:conformance` (builds first), or
// `vitest run --config test/conformance/vitest.config.ts`. The suite starts its own workerd processes
// and worker threads, so it is one test file in one fork. The root stays the repository root so
// Vitest's cache lands in the root node_modules.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "conformance",
    include: [
      "test/conformance/conformance.test.ts",
      "test/conformance/network/*.test.ts",
      "test/conformance/runner/*.test.ts",
    ],
    // The network comparison moves 32 MiB messages: never beside the timing-sensitive suite.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 300_000,
  },
});
