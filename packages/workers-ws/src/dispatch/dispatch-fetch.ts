/**
 * dispatchFetch: a request reaches a Worker in memory and the caller gets the Response as workerd
 * hands it over: with a WebSocket, the caller's end is a new end coupled to the one the Worker
 * kept (response/return-to-caller.ts), and the errors workerd raises when sending it are thrown.
 */
import { describeValue } from "../errors/describe-value.js";
import type { Response } from "../response/response.js";
import { returnToCaller } from "../response/return-to-caller.js";
import { activeContext } from "../runtime/context.js";
import { createIoContext, IoContext } from "../runtime/io-context.js";
import { ExecutionContext, reportRejections } from "./execution-context.js";
import { afterCalleeWork, endRequestWhenDelivered } from "./request-lifetime.js";
import { runFetchHandler } from "./run-handler.js";
import { fetchHandlerOf, type WorkerLike } from "./worker-handler.js";

export interface DispatchOptions<Env = unknown> {
  /** The Worker's bindings (default: an empty object). */
  env?: Env;
  /** The ExecutionContext to pass, so the test can await its waitUntil() promises. */
  ctx?: ExecutionContext;
  /**
   * The I/O context the request runs in (from createIoContext()). Default: a new one, so the
   * request's WebSockets cannot be used by another request, as in workerd. Requests given the same
   * one share their I/O objects, as requests to one Durable Object instance do.
   */
  ioContext?: IoContext;
}

export async function dispatchFetch<Env = unknown>(
  worker: WorkerLike<Env>,
  input: Request | string | URL,
  init?: RequestInit,
  options: DispatchOptions<Env> = {},
): Promise<Response> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `dispatchFetch() options must be an object with env and ctx, got ${describeValue(options)}.`,
    );
  }
  const handler = fetchHandlerOf(worker);
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  const env = (options.env ?? {}) as Env;
  const context = activeContext();
  const ctx = options.ctx ?? new ExecutionContext();
  if (options.ioContext !== undefined && !IoContext.isIoContext(options.ioContext)) {
    throw new TypeError(
      `dispatchFetch() option "ioContext" must come from createIoContext(), got ${describeValue(options.ioContext)}.`,
    );
  }
  // A request of its own unless it shares a context (a Durable Object's): that one ends with it.
  const ownContext = options.ioContext === undefined ? createIoContext() : undefined;
  let returned: Response;
  try {
    returned = await runFetchHandler(handler, request, env, ctx, options.ioContext ?? ownContext);
  } finally {
    // Nobody can wait on a context made here: its waitUntil() rejections are logged, as in workerd.
    if (!options.ctx) reportRejections(ctx, (error) => context.reportUncaught(error));
  }
  // workerd only logs an accepted end being returned: it goes where the runtime's uncaught errors go.
  const delivered = returnToCaller(returned, request, (error) => context.reportUncaught(error)) as Response;
  const handedOver = ownContext ? endRequestWhenDelivered(delivered, ownContext, ctx) : delivered;
  return afterCalleeWork(handedOver as Response);
}
