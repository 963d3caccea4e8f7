import { defineConfig } from "vitest/config";

// Workers routed by the environment option; the module paths start at the root (this directory).
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: {
      "workers-ws": {
        compatibilityDate: "2026-11-01",
        routes: {
          "greeter.example": "./greeter-worker.ts",
          "https://api.example/v1/": { module: "./greeter-worker.ts", export: "Api", env: { VERSION: "v1" } },
          "missing.example": "./no-such-worker.ts",
          "legacy.example": { module: "./service-worker.ts", serviceWorker: true },
        },
      },
    },
  },
});
