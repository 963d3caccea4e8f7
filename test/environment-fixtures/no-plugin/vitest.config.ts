import { defineConfig } from "vitest/config";

// The environment alone, without the workersWs() plugin: what cloudflare:test does then.
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: { root: import.meta.dirname, include: ["*.test.ts"], environment: "workers-ws" },
});
