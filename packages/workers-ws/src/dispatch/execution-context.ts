/**
 * The `ctx` a fetch handler receives. waitUntil() promises are kept so a test can await them all
 * (waitOnExecutionContext), the way @cloudflare/vitest-pool-workers lets tests do.
 */
import { createWebSocketError } from "../errors/catalogue.js";
import { describeValue } from "../errors/describe-value.js";

let isExecutionContext: (value: unknown) => value is ExecutionContext;

export class ExecutionContext {
  readonly #pending: Promise<unknown>[] = [];
  #passThrough = false;
  /** Props given by a service binding; empty for a request from outside. */
  readonly props: Record<string, unknown>;

  constructor(props: Record<string, unknown> = {}) {
    if (typeof props !== "object" || props === null) {
      throw new TypeError(
        `workers-ws: ExecutionContext props must be an object, got ${describeValue(props)}.`,
      );
    }
    this.props = props;
  }

  static {
    // A brand check (not instanceof): an object that only borrowed the prototype has no #pending.
    isExecutionContext = (value) => typeof value === "object" && value !== null && #pending in value;
  }

  /** Keeps the Worker alive until `promise` settles (workerd: errors are logged, not thrown). */
  // A rest parameter, so that a call with no argument (not one with undefined) is refused.
  waitUntil(...args: [promise?: unknown]): void {
    // workerd: a method taken off ctx (`const { waitUntil } = ctx`) fails JSG's brand check.
    if (!isExecutionContext(this)) throw createWebSocketError("IllegalInvocation");
    if (args.length === 0) {
      throw new TypeError(
        "Failed to execute 'waitUntil' on 'ExecutionContext': parameter 1 is not of type 'Promise'.",
      );
    }
    const promise = Promise.resolve(args[0]);
    // Handled here so a rejection is not an unhandled rejection in Node: it reaches the test through
    // waitOnExecutionContext(), or the runtime's log when nobody waits (see reportRejections).
    promise.catch(() => {});
    this.#pending.push(promise);
  }

  passThroughOnException(): void {
    if (!isExecutionContext(this)) throw createWebSocketError("IllegalInvocation");
    this.#passThrough = true;
  }

  /** Whether the handler asked for passThroughOnException(). */
  get passesThroughOnException(): boolean {
    return this.#passThrough;
  }

  /**
   * Settles every waitUntil() promise, including ones added while waiting. Rejections are
   * returned, not thrown, as workerd only logs them.
   */
  async settled(): Promise<PromiseSettledResult<unknown>[]> {
    const results: PromiseSettledResult<unknown>[] = [];
    let done = 0;
    while (done < this.#pending.length) {
      const batch = this.#pending.slice(done);
      done = this.#pending.length;
      results.push(...(await Promise.allSettled(batch)));
    }
    return results;
  }
}

export function createExecutionContext(props?: Record<string, unknown>): ExecutionContext {
  return new ExecutionContext(props);
}

/** Resolves when every waitUntil() promise of `ctx` has settled; rethrows the first rejection. */
export async function waitOnExecutionContext(ctx: ExecutionContext): Promise<void> {
  if (!isExecutionContext(ctx)) {
    throw new TypeError(
      `workers-ws: waitOnExecutionContext() needs the ExecutionContext given to the handler (from createExecutionContext()), got ${describeValue(ctx)}.`,
    );
  }
  const results = await ctx.settled();
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/**
 * For a context no test will wait on (dispatchFetch without `ctx`, a routed request): once its
 * waitUntil() promises settle, each rejection goes to `report`, as workerd logs them.
 */
export function reportRejections(ctx: ExecutionContext, report: (error: unknown) => void): void {
  void ctx.settled().then((results) => {
    for (const result of results) if (result.status === "rejected") report(result.reason);
  });
}
