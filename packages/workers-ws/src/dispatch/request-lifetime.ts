/**
 * When a request ends, and when its caller gets the Response. Two things workerd does at the
 * request boundary that a plain `await handler()` does not (conformance 47-subrequest-timing):
 *
 * - The caller's `await` resolves only after the work the callee started before returning has
 *   run: a microtask chain of any length, and the first message it sent on a pair it holds or to a
 *   Durable Object's hibernatable socket (the Response crosses the event loop once more before the
 *   caller resumes; observed with 2 and 12 messages queued: the second arrives after the caller
 *   resumed). Each body chunk crosses it too, after what the callee queued before it.
 * - A request ends once its Response has been delivered in full (no body, or the caller read the
 *   body to its end or cancelled it) and its waitUntil() tasks have settled; workerd then drops its
 *   IoContext, so timers its code set never fire (observed: a callee's setTimeout(0) does not fire
 *   once the caller has read a short body, and fires while the body is still unread). A 101 keeps
 *   the request alive, as its WebSocket does in workerd.
 */
import { Response } from "../response/response.js";
import { abortIoContext, type IoContext } from "../runtime/io-context.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import { constructExposed } from "../webidl/require-new.js";
import type { ExecutionContext } from "./execution-context.js";

/** Resolves with `value` from a hop of the delivery loop: after the callee's queued work. */
export function afterCalleeWork<T>(value: T): Promise<T> {
  return new Promise<T>((resolve) => {
    deliveryLoop.enqueueInternal(resolve, value, undefined);
  });
}

interface DeliveredResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly webSocket?: unknown;
}

/**
 * Ends `ioContext` (the request's own) once `response` has been delivered in full and `ctx`'s
 * waitUntil() tasks have settled, and returns the Response the caller gets: `response` itself
 * when it has no body, else the same status, reason and headers over a body that reports its end.
 */
export function endRequestWhenDelivered<R extends DeliveredResponse>(
  response: R,
  ioContext: IoContext,
  ctx: ExecutionContext,
): R | Response {
  // workerd: a WebSocket's connection keeps its request's context alive.
  if (response.webSocket) return response;
  const end = () => {
    void ctx.settled().then(() => abortIoContext(ioContext));
  };
  const { body } = response;
  // A status our Response cannot carry (Response.error()'s 0) is passed on as it is, and the
  // request is left to end with the runtime.
  if (body === null || response.status < 200 || response.status > 599) {
    if (body === null) end();
    return response;
  }
  return constructExposed(Response, [
    bodyReportingItsEnd(body, end),
    { status: response.status, statusText: response.statusText, headers: response.headers },
  ]);
}

/** A stream of `body`'s chunks that calls `onEnd` once, when read to its end, failed or cancelled. */
function bodyReportingItsEnd(
  body: ReadableStream<Uint8Array>,
  onEnd: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        // A subrequest's body reaches the caller as I/O: each chunk after the events queued before it.
        await afterCalleeWork(undefined);
        if (done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
}
