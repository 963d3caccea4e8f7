import { createRequire } from "node:module";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// As ../isolate-off: both files in one worker, one environment setup (Vitest 3 needs singleFork).
const vitestMajor = Number.parseInt(
  createRequire(join(process.cwd(), "package.json"))("vitest/package.json").version,
  10,
);

export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: {
      "workers-ws": {
        vars: { MODE: "test" },
        durableObjects: { COUNTER: { module: "./counter.ts", className: "Counter" } },
      },
    },
    setupFiles: ["vitest-environment-workers-ws/setup"],
    isolate: false,
    maxWorkers: 1,
    ...(vitestMajor < 4 ? { poolOptions: { forks: { singleFork: true } } } : {}),
    sequence: { shuffle: false },
  },
});
