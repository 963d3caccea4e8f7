/**
 * Types of the `cloudflare:workers` module for projects without @cloudflare/workers-types (which
 * declares it already): list "vitest-environment-workers-ws/types/cloudflare-workers" in
 * compilerOptions.types.
 */
declare module "cloudflare:workers" {
  export { DurableObject, WorkerEntrypoint } from "vitest-environment-workers-ws";
  /** The Worker's bindings (the test file's `env`). */
  export const env: import("cloudflare:test").ProvidedEnv;
}
