import { createRequire } from "node:module";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Vitest 3 shares one worker between files only with poolOptions.forks.singleFork: with maxWorkers: 1
// alone it reuses the worker but keeps the environment loader of the worker's first run, whose RPC
// channel is gone by the next file ("Timeout calling "resolveId""). Vitest 4 removed poolOptions. The
// Vitest that runs is the one the working directory resolves (see test/environment/run-fixture.ts).
const vitestMajor = Number.parseInt(
  createRequire(join(process.cwd(), "package.json"))("vitest/package.json").version,
  10,
);

// isolate: false runs both files in one worker with one environment setup; the setup file's
// afterAll hook closes what each file leaves open.
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { openSockets: "warn" } },
    setupFiles: ["vitest-environment-workers-ws/setup"],
    isolate: false,
    maxWorkers: 1,
    ...(vitestMajor < 4 ? { poolOptions: { forks: { singleFork: true } } } : {}),
    sequence: { shuffle: false },
  },
});
