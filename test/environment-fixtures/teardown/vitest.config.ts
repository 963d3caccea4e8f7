import { createRequire } from "node:module";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Files run in name order (a, b, c), so "b starts clean" really follows "a leaves everything". */
class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((x, y) => x.moduleId.localeCompare(y.moduleId));
  }
}

// Files that leave sockets, listeners, deliveries in flight and timers behind, followed by a file
// that checks it starts clean; ISOLATE=0 runs them in one worker (isolate: false, in order).
const isolate = process.env.ISOLATE !== "0";
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
    environmentOptions: { "workers-ws": { compatibilityDate: "2026-11-01", openSockets: "warn" } },
    setupFiles: ["vitest-environment-workers-ws/setup"],
    isolate,
    maxWorkers: 1,
    ...(vitestMajor < 4 && !isolate ? { poolOptions: { forks: { singleFork: true } } } : {}),
    sequence: { shuffle: false, sequencer: ByName },
  },
});
