import { createWebSocketError } from "../errors/catalogue.js";
import { describeValue } from "../errors/describe-value.js";
import { createPairPipe } from "../transport/pair-pipe.js";
import { constructExposed } from "../webidl/require-new.js";
import { createPairEnd, socketCore, type WebSocket } from "../websocket/websocket.js";
import { Response } from "./response.js";

/** What is read from the Response a fetch handler returned (any Response-like object works). */
export interface ReturnedResponse {
  readonly webSocket?: WebSocket | null;
  readonly statusText: string;
  readonly headers: Headers;
}

/** The parts of the incoming request that decide whether a WebSocket may be returned. */
export interface UpgradeRequest {
  readonly headers: { get(name: string): string | null };
}

/**
 * What the caller of a fetch handler receives when the Worker returns `response` (workerd
 * Response::send, then WebSocket::couple). A Response without a WebSocket passes through. With
 * one, the caller gets a new 101 Response whose `webSocket` is a fresh end joined to the Worker's
 * kept end, and the returned end is released: its holder's send() and close() are then ignored,
 * its readyState stays 1, and accept() throws "already used in a response".
 *
 * Errors, as workerd raises them when the Response is sent:
 * - the request did not ask to upgrade: TypeError (the caller's fetch rejects with it);
 * - the end was created by `new WebSocket()`, or already returned: TypeError;
 * - the end was accepted: workerd only logs the TypeError; the caller still gets a 101 whose
 *   socket loses its connection at once (close 1006 when it reads).
 */
export function returnToCaller<R extends ReturnedResponse>(
  response: R,
  request: UpgradeRequest,
  log: (error: unknown) => void = (error) => console.error(error),
): R | Response {
  // Our own API (not workerd's): wrong arguments get a typed error naming them.
  if (typeof response !== "object" || response === null) {
    throw new TypeError(
      `returnToCaller() needs the Response the fetch handler returned, got ${describeValue(response)}.`,
    );
  }
  const headers = (request as { headers?: unknown } | null | undefined)?.headers;
  if (typeof (headers as { get?: unknown } | undefined)?.get !== "function") {
    throw new TypeError(
      `returnToCaller() needs the incoming request (an object whose headers have get()), got ${describeValue(request)}.`,
    );
  }
  const returned = response.webSocket;
  if (!returned) return response;
  if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
    throw createWebSocketError("UpgradeHeaderMissing");
  }
  const core = socketCore(returned);
  if (core.state === "connecting") throw createWebSocketError("ClientSocketInResponse");
  if (core.state === "released") throw createWebSocketError("AlreadyUsedInResponse");
  let callerEnd: WebSocket;
  if (core.state === "accepted") {
    log(createWebSocketError("AcceptedSocketInResponse"));
    const [lost, dropped] = createPairPipe();
    dropped.release();
    callerEnd = createPairEnd(lost);
  } else {
    // Coupling: the caller's new end takes over the returned end's side of the pipe.
    const transport = core.transport;
    if (!transport) throw createWebSocketError("AlreadyUsedInResponse");
    callerEnd = createPairEnd(transport);
    core.state = "released";
    core.usedInResponse = true;
  }
  return constructExposed(Response, [
    null,
    { status: 101, statusText: response.statusText, headers: response.headers, webSocket: callerEnd },
  ]);
}
