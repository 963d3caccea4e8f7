/**
 * One request's handler invocation: the handler runs in the request's own I/O context
 * (runtime/io-context.ts), and its result is checked as workerd checks it.
 */
import { createWebSocketError } from "../errors/catalogue.js";
import type { Response } from "../response/response.js";
import { createIoContext, type IoContext, runInIoContext } from "../runtime/io-context.js";
import { isWebSocket, socketCore } from "../websocket/websocket.js";
import type { ExecutionContext } from "./execution-context.js";
import type { FetchHandler } from "./worker-handler.js";

/**
 * Calls `handler` in `ioContext` (default: a new one, the request's own) and resolves with the
 * Response it returned. workerd: a synchronous result that is neither a Response nor a promise
 * is a TypeError "Callback returned incorrect type; expected 'Promise'"; a promise that resolves
 * to something else is "… did not resolve to 'Response'" (conformance 32-dispatch). A Response
 * whose WebSocket belongs to another request cannot be sent (conformance 36-request-context).
 */
export async function runFetchHandler<Env>(
  handler: FetchHandler<Env>,
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  ioContext: IoContext = createIoContext(),
): Promise<Response> {
  const result = runInIoContext(ioContext, handler, request, env, ctx);
  if (!isResponseLike(result) && !isThenable(result)) {
    throw createWebSocketError("HandlerResultNotPromise");
  }
  const returned = await result;
  if (!isResponseLike(returned)) throw createWebSocketError("HandlerResultNotResponse");
  const webSocket = (returned as { webSocket?: unknown }).webSocket;
  if (isWebSocket(webSocket) && socketCore(webSocket).ioContext !== ioContext) {
    throw createWebSocketError("CrossRequestIo");
  }
  return returned;
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
