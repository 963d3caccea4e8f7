import { defineConfig } from "vitest/config";

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
    sequence: { shuffle: false },
  },
});
