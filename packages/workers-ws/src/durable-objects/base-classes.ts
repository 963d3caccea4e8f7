/**
 * The base classes of `cloudflare:workers`. workerd: the constructor keeps its two arguments as
 * `this.ctx` and `this.env`; a Durable Object class must extend DurableObject for its methods to
 * be callable over RPC (a plain class still gets fetch() and the hibernation handlers).
 */
import type { ExecutionContext } from "../dispatch/execution-context.js";
import type { DurableObjectState } from "./state.js";

export class DurableObject<Env = unknown> {
  ctx: DurableObjectState;
  env: Env;

  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkerEntrypoint<Env = unknown> {
  ctx: ExecutionContext;
  env: Env;

  constructor(ctx: ExecutionContext, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }
}
