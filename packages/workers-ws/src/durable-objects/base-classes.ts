/**
 * The base classes of `cloudflare:workers`. workerd: the constructor keeps its two arguments as
 * `this.ctx` and `this.env`; a Durable Object class must extend DurableObject for its methods to
 * be callable over RPC (a plain class still gets fetch() and the hibernation handlers).
 */
import type { ExecutionContext } from "../dispatch/execution-context.js";
import { type DurableObjectState, isDurableObjectState } from "./state.js";

export class DurableObject<Env = unknown> {
  ctx: DurableObjectState;
  env: Env;

  constructor(ctx: DurableObjectState, env: Env) {
    // workerd: the base is a native class that only the runtime can give a state (observed).
    if (!isDurableObjectState(ctx)) {
      throw new TypeError(
        "Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'.",
      );
    }
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

// workerd: a native constructor reports length 0 (observed).
Object.defineProperty(DurableObject, "length", { value: 0, configurable: true });
// workerd: the prototype's tag names the native base class (observed "[object DurableObjectBase]").
Object.defineProperty(DurableObject.prototype, Symbol.toStringTag, {
  value: "DurableObjectBase",
  configurable: true,
});
