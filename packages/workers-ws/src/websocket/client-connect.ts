import { createRuntimeCloseEvent } from "../events/close-event.js";
import { Event, markTrusted } from "../events/event.js";
import { UnroutedRequestError } from "../outbound/outbound-layers.js";
import type { RuntimeContext } from "../runtime/context.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import type { Transport } from "../transport/transport.js";
import { constructExposed } from "../webidl/require-new.js";
import { networkConnectionLost, type SocketCore } from "./socket-core.js";
import { setNegotiated, type WebSocket } from "./websocket.js";

/** What `new WebSocket(url, protocols)` asks a connector for. */
export interface ClientConnectRequest {
  readonly url: string;
  readonly protocols: readonly string[];
}

/** A connection the connector made: the transport plus what the server chose. */
export interface ClientConnection {
  readonly transport: Transport;
  readonly protocol: string | null;
  readonly extensions: string | null;
}

/** Resolves a URL to a connection: in-memory routes or the network. Installed by the runtime. */
export type ClientConnector = (request: ClientConnectRequest) => Promise<ClientConnection>;

const PREFIX = "WebSocket Constructor: ";

function syntaxError(message: string): DOMException {
  return new DOMException(PREFIX + message, "SyntaxError");
}

/**
 * workerd's constructor checks, in its order: the URL parses as an absolute URL, the scheme is ws
 * or wss (http is refused, unlike the spec), there is no fragment, then the protocols: a single
 * string must be one valid token; in an array each must be a token and none may repeat (case
 * sensitive). An empty array means no protocols.
 */
export function validateClientArguments(url: string, protocols: unknown): ClientConnectRequest {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^#]*)(#.*)?$/s.exec(url);
  if (!match || /\s/.test(url)) throw syntaxError("The url is invalid.");
  const scheme = (match[1] as string).toLowerCase();
  if (scheme !== "ws" && scheme !== "wss") throw syntaxError("The url scheme must be ws or wss.");
  if (match[3] !== undefined) throw syntaxError("The url fragment must be empty.");
  return { url, protocols: readProtocols(protocols) };
}

function readProtocols(protocols: unknown): string[] {
  if (protocols === undefined) return [];
  if (typeof protocols === "object" && protocols !== null && Symbol.iterator in protocols) {
    // ToString per item (a template literal, so a Symbol throws V8's TypeError as in workerd).
    const list = Array.from(protocols as Iterable<unknown>, (item) => `${item}`);
    const seen = new Set<string>();
    for (const token of list) {
      if (!isToken(token)) throw syntaxError("One of the protocol header tokens is invalid.");
      if (seen.has(token)) throw syntaxError("The protocols header cannot have repeating values.");
      seen.add(token);
    }
    return list;
  }
  const token = `${protocols}`;
  if (!isToken(token)) throw syntaxError("The protocol header token is invalid.");
  return [token];
}

/** RFC 6455 §4.1 item 10: a non-empty run of visible ASCII without separators. */
function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
    if ('()<>@,;:\\/[]?={}"'.includes(s[i] as string)) return false;
  }
  return true;
}

/** Per runtime: how client sockets reach a server. Set by routing (in memory) or networking. */
const connectors = new WeakMap<RuntimeContext, ClientConnector>();

export function setClientConnector(context: RuntimeContext, connector: ClientConnector | undefined): void {
  if (connector) connectors.set(context, connector);
  else connectors.delete(context);
}

/**
 * Starts the connection of a `new WebSocket()`. On success the socket is accepted internally and
 * gets `open`; on failure (or a close() while connecting) it gets an error event, then close 1006
 * "Failed to establish websocket connection" (workerd initConnection).
 */
export function connectClientSocket(ws: WebSocket, core: SocketCore, request: ClientConnectRequest): void {
  const connector = connectors.get(core.context);
  const attempt: Promise<ClientConnection> = connector
    ? connector(request)
    : Promise.reject(new UnroutedRequestError(request.url));
  attempt.then(
    (connection) => deliveryLoop.enqueue(() => onConnected(ws, core, connection)),
    (error: unknown) => deliveryLoop.enqueue(() => onFailed(core, error)),
  );
}

function onConnected(ws: WebSocket, core: SocketCore, connection: ClientConnection): boolean {
  if (core.state !== "connecting") {
    // close() was called while connecting: the attempt counts as canceled.
    connection.transport.release();
    return onFailed(core, networkConnectionLost());
  }
  core.connected(connection.transport);
  setNegotiated(ws, connection.protocol, connection.extensions);
  core.accept(undefined);
  core.dispatchReported(markTrusted(constructExposed(Event, ["open"])));
  return true;
}

function onFailed(core: SocketCore, error: unknown): boolean {
  core.closedIncoming = true;
  if (!core.reportError(error)) return true;
  core.dispatchReported(createRuntimeCloseEvent(1006, "Failed to establish websocket connection", false));
  return true;
}
