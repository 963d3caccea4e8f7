/**
 * Types `environmentOptions["workers-ws"]` in a Vitest config, so a misspelt option or a wrong
 * value is a type error in vitest.config.ts, not only a run-time one. Vitest 3.2, 4 and 5 all
 * export the EnvironmentOptions interface from "vitest/node" (Vitest 3.2's "vitest" re-exports it
 * as a type alias, which cannot be augmented). It reaches a project with any import of this
 * package, or with "vitest-environment-workers-ws/globals" in `compilerOptions.types`.
 */
import type { EnvironmentOptions } from "vitest/node";
import type { WorkersWsEnvironmentOptions } from "./options.js";

/** Vitest's environmentOptions with this augmentation (named so the declaration file keeps the import). */
export type VitestEnvironmentOptions = EnvironmentOptions;

declare module "vitest/node" {
  interface EnvironmentOptions {
    /** The workers-ws environment's options; see the package README. */
    "workers-ws"?: WorkersWsEnvironmentOptions;
  }
}
