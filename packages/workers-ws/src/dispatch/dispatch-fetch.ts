/**
 * dispatchFetch: a request reaches a Worker in memory and the caller gets the Response as workerd
 * hands it over: with a WebSocket, the caller's end is a new end coupled to the one the Worker
 * kept (response/return-to-caller.ts), and the errors workerd raises when sending it are thrown.
 */
import { describeValue } from "../errors/describe-value.js";
import type { Response } from "../response/response.js";
import { returnToCaller } from "../response/return-to-caller.js";
import { activeContext } from "../runtime/context.js";
import { ExecutionContext, reportRejections } from "./execution-context.js";
import { fetchHandlerOf, type WorkerLike } from "./worker-handler.js";

export interface DispatchOptions<Env = unknown> {
  /** The Worker's bindings (default: an empty object). */
  env?: Env;
  /** The ExecutionContext to pass, so the test can await its waitUntil() promises. */
  ctx?: ExecutionContext;
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
  const returned = await handler(request, env, ctx);
  // Nobody can wait on a context made here: its waitUntil() rejections are logged, as in workerd.
  if (!options.ctx) reportRejections(ctx, (error) => context.reportUncaught(error));
  if (!isResponseLike(returned)) {
    // workerd: the fetch handler's result must be a Response.
    throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  }
  // workerd only logs an accepted end being returned: it goes where the runtime's uncaught errors go.
  return returnToCaller(returned, request, (error) => context.reportUncaught(error)) as Response;
}

/** Our Response, or Node's (a Worker may build one with a Node API); both carry status and headers. */
function isResponseLike(value: unknown): value is Response {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { status?: unknown }).status === "number" &&
    (value as { headers?: unknown }).headers instanceof Headers
  );
}
