import { defineConfig } from "vitest/config";

// UNCAUGHT: the uncaughtErrors option (unset: the default); STRICT=1: strict: true;
// WITH_SETUP=1: the setup file, which lets the failure belong to the test that caused it.
const options: Record<string, unknown> = { compatibilityDate: "2026-11-01" };
if (process.env.UNCAUGHT) options.uncaughtErrors = process.env.UNCAUGHT;
if (process.env.STRICT) options.strict = true;
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: { "workers-ws": options },
    setupFiles: process.env.WITH_SETUP ? ["vitest-environment-workers-ws/setup"] : [],
  },
});
