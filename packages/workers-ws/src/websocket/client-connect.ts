import { internalError } from "../errors/internal-error.js";
import { createRuntimeCloseEvent } from "../events/close-event.js";
import { Event, markTrusted } from "../events/event.js";
import { UnroutedRequestError } from "../outbound/outbound-layers.js";
import type { RuntimeContext } from "../runtime/context.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import type { Transport } from "../transport/transport.js";
import { constructExposed } from "../webidl/require-new.js";
import { type ClientTarget, clientTarget, parseClientUrl } from "./client-url.js";
import { networkConnectionLost, type SocketCore } from "./socket-core.js";
import { setNegotiated, type WebSocket } from "./websocket.js";

/** What `new WebSocket(url, protocols)` asks a connector for. */
export interface ClientConnectRequest {
  readonly url: string;
  readonly protocols: readonly string[];
  /**
   * Further handshake headers, as a browser page sends them (Origin, Cookie, User-Agent:
   * browser/page-websocket.ts); a Workers `new WebSocket(url)` sends none of these.
   */
  readonly headers?: Headers;
  /** Aborted by close() while connecting; a connector that can, stops the attempt then. */
  readonly signal?: AbortSignal;
}

/** A connection the connector made: the transport plus what the server chose. */
export interface ClientConnection {
  readonly transport: Transport;
  readonly protocol: string | null;
  readonly extensions: string | null;
  /** The headers of the server's 101, where the connector has them (a page stores its Set-Cookie). */
  readonly responseHeaders?: Headers;
}

/** Resolves a URL to a connection: in-memory routes or the network. Installed by the runtime. */
export type ClientConnector = (request: ClientConnectRequest) => Promise<ClientConnection>;

const PREFIX = "WebSocket Constructor: ";

function syntaxError(message: string): DOMException {
  return new DOMException(PREFIX + message, "SyntaxError");
}

/** What the constructor's checks leave: where to connect (or why that must fail), and the protocols. */
export interface ClientArguments {
  readonly target: ClientTarget;
  readonly protocols: readonly string[];
}

/**
 * workerd's constructor checks, in its order: the URL parses as kj parses it (client-url.ts; not
 * the WHATWG parser), the scheme is ws or wss (http is refused, unlike the spec), there is no
 * fragment, then the protocols: a single string must be one valid token; in an array each must be
 * a token and none may repeat (case sensitive). An empty array means no protocols. A URL that
 * passes but names no reachable address still constructs a socket, whose connection then fails.
 */
export function validateClientArguments(url: string, protocols: unknown): ClientArguments {
  const parsed = parseClientUrl(url);
  if (!parsed) throw syntaxError("The url is invalid.");
  if (parsed.scheme !== "ws" && parsed.scheme !== "wss")
    throw syntaxError("The url scheme must be ws or wss.");
  if (parsed.hasFragment) throw syntaxError("The url fragment must be empty.");
  return { target: clientTarget(parsed), protocols: readProtocols(protocols) };
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
export function connectClientSocket(ws: WebSocket, core: SocketCore, args: ClientArguments): void {
  const controller = new AbortController();
  attempts.set(core, controller);
  const attempt = attemptConnection(core.context, args, controller.signal);
  attempt.finally(() => attempts.delete(core)).catch(() => undefined);
  attempt.then(
    (connection) => deliveryLoop.enqueue(() => onConnected(ws, core, connection)),
    (error: unknown) => deliveryLoop.enqueue(() => onFailed(core, error)),
  );
}

/** The attempts under way, so close() while connecting can stop them. */
const attempts = new WeakMap<SocketCore, AbortController>();

/**
 * close() while connecting: workerd cancels the connection promise (its canceler), so the
 * attempt stops where it is and a server may never see the upgrade request (observed over
 * loopback at both dates: test/conformance/network workerOutboundLeaves). The socket still gets
 * its error and close 1006 when the attempt settles (onConnected / onFailed).
 */
export function cancelConnection(core: SocketCore): void {
  attempts.get(core)?.abort();
  attempts.delete(core);
}

function attemptConnection(
  context: RuntimeContext,
  { target, protocols }: ClientArguments,
  signal: AbortSignal,
): Promise<ClientConnection> {
  // workerd: a host its network service cannot turn into an address is an internal error; a port
  // nothing can listen on fails as a lost connection. Neither reaches a route or the network.
  if (target.kind === "badHost") return Promise.reject(internalError());
  if (target.kind === "badPort") return Promise.reject(networkConnectionLost());
  const connector = connectors.get(context);
  return connector
    ? connector({ url: target.url, protocols, signal })
    : Promise.reject(new UnroutedRequestError(target.url));
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
