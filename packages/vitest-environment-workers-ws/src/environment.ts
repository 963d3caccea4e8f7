import { createRequire } from "node:module";
import { closeLeftoverSockets } from "./leftover-sockets.js";
import { parseEnvironmentOptions } from "./options.js";
import { setCurrentFileRuntime } from "./current-runtime.js";

/**
 * The shape Vitest 3, 4 and 5 expect from an environment module's default export, declared here so
 * one build serves all three (Vitest moved the type between `vitest/environments` and `vitest/runtime`).
 */
export interface VitestEnvironment {
  name: string;
  viteEnvironment?: string;
  transformMode?: "ssr" | "web";
  setup(global: object, options: Record<string, unknown>): Promise<{ teardown(global: object): Promise<void> }>;
}

/**
 * Vitest 3 requires `transformMode`; Vitest 4 and 5 warn about it once per file and use
 * `viteEnvironment` instead. Workers code resolves like server code, so both say "ssr".
 */
function vitestMajor(): number {
  try {
    const require = createRequire(import.meta.url);
    const { version } = require("vitest/package.json") as { version: string };
    return Number.parseInt(version, 10);
  } catch {
    return 4;
  }
}

export const environment: VitestEnvironment = {
  name: "workers-ws",
  viteEnvironment: "ssr",
  ...(vitestMajor() < 4 ? { transformMode: "ssr" as const } : {}),

  async setup(global, options) {
    const { runtime, openSockets } = parseEnvironmentOptions(options);
    const restoreGlobals = runtime.install(global);
    const restoreCurrent = setCurrentFileRuntime(runtime, openSockets);
    return {
      async teardown() {
        try {
          await closeLeftoverSockets(runtime, openSockets, "report");
        } finally {
          restoreCurrent();
          restoreGlobals();
        }
      },
    };
  },
};
