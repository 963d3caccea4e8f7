import { defineConfig } from "vitest/config";

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
