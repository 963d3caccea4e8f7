import { defineConfig } from "vitest/config";

// A file that leaves a page (with an open socket) behind, and one that uses the `page` option.
// SETUP=0 runs without the setup file, so the environment's teardown does the closing.
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { compatibilityDate: "2026-11-01", openSockets: "warn" } },
    setupFiles: process.env.SETUP === "0" ? [] : ["vitest-environment-workers-ws/setup"],
    maxWorkers: 1,
  },
});
