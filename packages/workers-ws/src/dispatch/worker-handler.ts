/**
 * The shapes a Worker can take, reduced to one fetch handler `(request, env, ctx) => Response`:
 * - a module Worker: `export default { fetch(request, env, ctx) }`;
 * - a class-based entrypoint: `export default class extends WorkerEntrypoint { fetch(request) }`,
 *   constructed per request as workerd does, with `(ctx, env)` and `this.env`/`this.ctx` set;
 * - a plain handler function `(request, env, ctx) => Response`.
 */
import type { ExecutionContext } from "./execution-context.js";

type Awaitable<T> = T | PromiseLike<T>;

/**
 * The `ctx` a handler is declared to take, as far as this package needs to know: what both our
 * ExecutionContext and @cloudflare/workers-types' one (which declares more: `exports`, `tracing`,
 * `abort`…) have, so a Worker typed either way is accepted.
 */
export interface HandlerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: unknown;
}

// Method syntax on purpose: handler parameters are then compared both ways (bivariantly), so a
// handler declaring `ctx: ExecutionContext` from this package or from workers-types both fit.
export type FetchHandler<Env = unknown> = {
  handler(request: Request, env: Env, ctx: HandlerContext): Awaitable<unknown>;
}["handler"];

export interface ModuleWorker<Env = unknown> {
  /**
   * Optional, as in workers-types' `ExportedHandler`: a Worker without one fails when called, with
   * a WorkerShapeError that says so.
   */
  fetch?(request: Request, env: Env, ctx: HandlerContext): Awaitable<unknown>;
}

export interface EntrypointClass<Env = unknown> {
  new (ctx: ExecutionContext, env: Env): { fetch(request: Request): Awaitable<unknown> };
}

export type WorkerLike<Env = unknown> = ModuleWorker<Env> | EntrypointClass<Env> | FetchHandler<Env>;

/** Thrown when the value given as a Worker has no fetch handler in any of the supported shapes. */
export class WorkerShapeError extends TypeError {
  override name = "WorkerShapeError";
}

export function fetchHandlerOf<Env>(worker: WorkerLike<Env>): FetchHandler<Env> {
  if (typeof worker === "function") {
    const prototype = (worker as { prototype?: { fetch?: unknown } }).prototype;
    if (prototype && typeof prototype.fetch === "function") {
      const Entrypoint = worker as EntrypointClass<Env>;
      return (request, env, ctx) => {
        // dispatchFetch, serve() and routing always pass this package's ExecutionContext.
        const instance = new Entrypoint(ctx as ExecutionContext, env) as {
          fetch(request: Request): unknown;
          env?: Env;
          ctx?: unknown;
        };
        // Classes that do not extend WorkerEntrypoint still see env and ctx, as in workerd.
        if (!("env" in instance)) instance.env = env;
        if (!("ctx" in instance)) instance.ctx = ctx;
        return instance.fetch(request);
      };
    }
    if (isClass(worker)) {
      throw new WorkerShapeError(
        `workers-ws: the Worker class ${worker.name || "(anonymous)"} has no fetch() method; add one to its prototype.`,
      );
    }
    return worker as FetchHandler<Env>;
  }
  if (
    typeof worker === "object" &&
    worker !== null &&
    typeof (worker as ModuleWorker<Env>).fetch === "function"
  ) {
    const module = worker as Required<ModuleWorker<Env>>;
    return (request, env, ctx) => module.fetch(request, env, ctx);
  }
  throw new WorkerShapeError(
    `workers-ws: expected a Worker (an object with fetch(), a class with fetch() on its prototype, or a (request, env, ctx) function), got ${describe(worker)}.`,
  );
}

function isClass(fn: unknown): boolean {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object")
    return `an object without fetch() (keys: ${Object.keys(value).join(", ") || "none"})`;
  return typeof value;
}
