import { defineConfig } from "vitest/config";
import { workersWs } from "vitest-environment-workers-ws/plugin";

// One plugin in the root config, two projects that extend it, each with its own wrangler file: the
// same import of a .txt file is Text in one and Data (the other's own rule) in the other.
export default defineConfig({
  plugins: [workersWs()],
  resolve: { preserveSymlinks: true },
  test: {
    projects: ["a", "b"].map((name) => ({
      extends: true,
      test: {
        name,
        root: `${import.meta.dirname}/${name}`,
        include: ["*.test.ts"],
        environment: "workers-ws",
        environmentOptions: { "workers-ws": { wrangler: "./wrangler.jsonc" } },
      },
    })),
  },
});
