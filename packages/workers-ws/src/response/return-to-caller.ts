import { createWebSocketError } from "../errors/catalogue.js";
import { describeValue } from "../errors/describe-value.js";
import { coupleTransport, lostConnection } from "../transport/coupled-transport.js";
import type { Transport } from "../transport/transport.js";
import { constructExposed } from "../webidl/require-new.js";
import { withCreationSiteOf } from "../websocket/socket-registry.js";
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
 * - the end was accepted, created by `new WebSocket()` or already returned: workerd only logs the
 *   TypeError; the caller still gets a 101 whose socket loses its connection at once (close 1006
 *   when it reads, then an error if it sent something).
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
  // Across a fetch (service binding) the caller's end is joined through coupling pumps. It
  // continues the returned end's connection, so reports list it with the pair it came from.
  // (The released end is still tracked here: the registry forgets released ends when it lists.)
  const transport = coupleTransport(takeReturnedEnd(returned, request, log));
  const callerEnd = withCreationSiteOf(socketCore(returned), () => createPairEnd(transport));
  return constructExposed(Response, [
    null,
    {
      status: 101,
      // workerd: a 101 built with no statusText reaches its caller as "Switching Protocols".
      statusText: response.statusText || "Switching Protocols",
      headers: response.headers,
      webSocket: callerEnd,
    },
  ]);
}

/**
 * The transport the caller's side of a returned WebSocket talks to (workerd Response::send, then
 * WebSocket::couple), with the errors workerd raises. The returned end is released. Shared by
 * returnToCaller (the caller gets a new pair end, joined through coupled-transport.ts) and
 * `new WebSocket(url)` to a routed Worker (the client socket itself takes the transport: over a
 * network connection the Worker's end learns of the client's release as an in-request pair does;
 * observed in conformance 33-new-websocket).
 */
export function takeReturnedEnd(
  returned: WebSocket,
  request: UpgradeRequest,
  log: (error: unknown) => void,
): Transport {
  if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
    throw createWebSocketError("UpgradeHeaderMissing");
  }
  const core = socketCore(returned);
  // workerd couple(): these refusals are thrown after the handler's Response was accepted, so the
  // runtime only logs them and the caller's socket has lost its connection before it starts
  // (observed for an accepted end and a `new WebSocket()` end; conformance 32-dispatch).
  const refusal =
    core.state === "connecting"
      ? "ClientSocketInResponse"
      : core.state === "released" || !core.transport
        ? "AlreadyUsedInResponse"
        : core.state === "accepted"
          ? // workerd couple(): its own message for an end accepted by acceptWebSocket().
            core.hibernation !== undefined
            ? "HibernatableSocketInResponse"
            : "AcceptedSocketInResponse"
          : undefined;
  if (refusal) {
    log(createWebSocketError(refusal));
    return lostConnection();
  }
  // Coupling: the caller's side takes over the returned end's side of the pipe.
  const transport = core.transport as Transport;
  core.state = "released";
  core.usedInResponse = true;
  return transport;
}
