import { defineConfig } from "vitest/config";

const policy = process.env.OPEN_SOCKETS;
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: { "workers-ws": policy ? { openSockets: policy } : {} },
    setupFiles: process.env.WITH_SETUP ? ["vitest-environment-workers-ws/setup"] : [],
  },
});
