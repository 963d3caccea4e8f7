import { defineConfig } from "vitest/config";
import { workersWs } from "vitest-environment-workers-ws/plugin";

// The wrangler option's path starts at the root (this directory); the plugin resolves
// cloudflare:workers / cloudflare:test and applies the wrangler module rules.
export default defineConfig({
  plugins: [workersWs()],
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { wrangler: "./wrangler.jsonc", vars: { EXTRA: "explicit" } } },
  },
});
