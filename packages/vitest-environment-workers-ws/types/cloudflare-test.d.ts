/**
 * Types of the `cloudflare:test` module (list "vitest-environment-workers-ws/types/cloudflare-test"
 * in compilerOptions.types). Type `env` as @cloudflare/vitest-pool-workers projects do:
 * `declare module "cloudflare:test" { interface ProvidedEnv extends Env {} }`.
 *
 * The Durable Object helpers take this package's stubs and namespaces and the ones
 * @cloudflare/workers-types declares (a test typed for pool-workers moves over unchanged); the
 * state a callback declares is the one it gets. What is passed is checked when the helper runs.
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
  export { createExecutionContext, waitOnExecutionContext } from "vitest-environment-workers-ws";

  /** A Durable Object stub (namespace.get(id), getByName(name)), typed by either package. */
  type StubLike = { readonly id: unknown };
  /** A Durable Object namespace binding (env.MY_OBJECT), typed by either package. */
  type NamespaceLike = { idFromName(name: string): unknown };

  /** Runs `fn(instance, state)` inside the object, as one more request to it. */
  export function runInDurableObject<
    O = unknown,
    R = unknown,
    S = import("vitest-environment-workers-ws").DurableObjectState,
  >(stub: StubLike, fn: (instance: O, state: S) => R | Promise<R>): Promise<R>;
  /** The ids of the namespace's objects constructed in this test file, oldest first. */
  export function listDurableObjectIds(
    namespace: NamespaceLike,
  ): Promise<import("vitest-environment-workers-ws").DurableObjectId[]>;
  /** Drops the object's instance now (hibernation or eviction); storage and hibernatable sockets stay. */
  export function evictDurableObject(stub: StubLike): Promise<void>;
  /** Constructed before, and no instance in memory now. */
  export function isDurableObjectHibernated(stub: StubLike): boolean;
  /** Runs the object's scheduled alarm now and removes it: true when one ran, false when none was set. */
  export function runDurableObjectAlarm(stub: StubLike): Promise<boolean>;
}
