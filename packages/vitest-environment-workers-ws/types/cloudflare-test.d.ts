/**
 * Types of the `cloudflare:test` module (list "vitest-environment-workers-ws/types/cloudflare-test"
 * in compilerOptions.types). Type `env` as @cloudflare/vitest-pool-workers projects do:
 * `declare module "cloudflare:test" { interface ProvidedEnv extends Env {} }`.
 */
declare module "cloudflare:test" {
  /** The bindings of `env`; extend it with your Worker's Env. */
  export interface ProvidedEnv {}
  /** The test file's bindings: the wrangler file's vars and Durable Object namespaces, and the options'. */
  export const env: ProvidedEnv;
  /** Fetches the default export of the Worker's `main` module in memory. */
  export const SELF: {
    fetch(
      input: Request | string | URL,
      init?: RequestInit,
    ): Promise<import("vitest-environment-workers-ws").Response>;
  };
  export {
    createExecutionContext,
    evictDurableObject,
    isDurableObjectHibernated,
    listDurableObjectIds,
    runInDurableObject,
    waitOnExecutionContext,
  } from "vitest-environment-workers-ws";
}
