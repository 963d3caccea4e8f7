/**
 * Type test of the EnvironmentOptions augmentation (src/vitest-augment.ts): in a Vitest config,
 * environmentOptions["workers-ws"] is typed, so a misspelt option or a wrong value does not
 * compile. Compiled by `npm run typecheck` (Vitest 4) and `npm run typecheck:types` (each Vitest
 * installed: 3.2, 4, 5); the import below is what brings the augmentation, as a test file's would.
 */
import { defineConfig } from "vitest/config";
import type {} from "vitest-environment-workers-ws";

export const good = defineConfig({
  test: {
    environment: "workers-ws",
    environmentOptions: {
      "workers-ws": {
        compatibilityDate: "2026-11-01",
        compatibilityFlags: ["nodejs_compat"],
        openSockets: "error",
        routes: { "chat.example": "./src/chat.ts", "api.example": { module: "./src/api.ts", export: "Api" } },
        network: ["loopback", "api.example.com"],
      },
      // Other environments' options stay as Vitest types them.
      jsdom: { url: "https://example.com/" },
    },
  },
});

export const misspelt = defineConfig({
  test: {
    // @ts-expect-error compatibilityDat is not an option
    environmentOptions: { "workers-ws": { compatibilityDat: "2026-11-01" } },
  },
});

export const wrongValue = defineConfig({
  test: {
    // @ts-expect-error openSockets is "warn", "error" or "silent"
    environmentOptions: { "workers-ws": { openSockets: "loud" } },
  },
});

export const wrongType = defineConfig({
  test: {
    // @ts-expect-error compatibilityFlags is a list of names
    environmentOptions: { "workers-ws": { compatibilityFlags: "nodejs_compat" } },
  },
});
