import { defineConfig } from "vitest/config";

// Compatibility settings as real projects write them: the options come from the test that runs this.
const options = JSON.parse(process.env.WORKERS_WS_OPTIONS ?? "{}");
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: { "workers-ws": options },
  },
});
