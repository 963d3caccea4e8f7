import { defineConfig } from "vitest/config";
import type { OpenSocketsPolicy } from "vitest-environment-workers-ws";

// Typed: environmentOptions["workers-ws"] is checked against the environment's options.
const policy = process.env.OPEN_SOCKETS as OpenSocketsPolicy | undefined;
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
