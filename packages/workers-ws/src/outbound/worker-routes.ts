/**
 * The "routes" outbound layer: Workers registered under a host or URL prefix (route-patterns.ts)
 * answer `fetch()` and `new WebSocket(url)` in memory, from the test and from Worker code alike.
 * Each runtime has its own table, so a test file's routes end with its runtime.
 */
import { dispatchFetch } from "../dispatch/dispatch-fetch.js";
import { ExecutionContext, reportRejections } from "../dispatch/execution-context.js";
import { runFetchHandler } from "../dispatch/run-handler.js";
import { fetchHandlerOf, type WorkerLike } from "../dispatch/worker-handler.js";
import { createWebSocketError } from "../errors/catalogue.js";
import { describeValue } from "../errors/describe-value.js";
import { takeReturnedEnd } from "../response/return-to-caller.js";
import { activeContext, type RuntimeContext } from "../runtime/context.js";
import { IoContext } from "../runtime/io-context.js";
import { coupleTransport } from "../transport/coupled-transport.js";
import type { ClientConnection, ClientConnectRequest } from "../websocket/client-connect.js";
import { isWebSocket } from "../websocket/websocket.js";
import { type OutboundLayer, setOutboundLayer } from "./outbound-layers.js";
import { parseRoutePattern, type RoutePattern, RoutePatternError } from "./route-patterns.js";

export interface RouteOptions<Env = unknown> {
  /** The bindings the Worker's handler receives as `env` (default: an empty object). */
  env?: Env;
  /**
   * Runs every request to this route in one I/O context (from createIoContext()), as workerd runs
   * all requests to one Durable Object instance: a chat room can then send to the sockets of
   * earlier requests. Without it each request has its own, as a stateless Worker's do.
   */
  ioContext?: IoContext;
}

/** Removes the route it was returned for; calling it again does nothing. */
export type Unroute = () => void;

interface Route {
  readonly pattern: RoutePattern;
  /** The Worker, or how to load it on the first request (routes given as module paths). */
  worker: WorkerLike | undefined;
  readonly load: (() => Promise<WorkerLike>) | undefined;
  readonly env: unknown;
  readonly ioContext: IoContext | undefined;
}

const tables = new WeakMap<RuntimeContext, Route[]>();

/**
 * Routes requests for `pattern` to `worker` in memory: `fetch()` (plain or with
 * `Upgrade: websocket`) and `new WebSocket(url)`, from tests and from Worker code, in the runtime
 * that is active now (the test file's). Returns a function that removes the route.
 */
export function routeWorker<Env>(
  pattern: string,
  worker: WorkerLike<Env>,
  options: RouteOptions<Env> = {},
): Unroute {
  fetchHandlerOf(worker); // a value that is not a Worker fails here, not on the first request
  return addRoute(
    activeContext(),
    pattern,
    worker as WorkerLike,
    undefined,
    envOf("routeWorker", options),
    ioContextOf("routeWorker", options),
  );
}

/**
 * Like routeWorker, for a Worker that is loaded on the first request that reaches it:
 * `load` resolves to the Worker (e.g. `() => import("./worker.js").then((m) => m.default)`).
 */
export function routeWorkerModule<Env>(
  pattern: string,
  load: () => Promise<WorkerLike<Env>>,
  options: RouteOptions<Env> = {},
): Unroute {
  if (typeof load !== "function") {
    throw new TypeError(
      `workers-ws: routeWorkerModule(${JSON.stringify(pattern)}, load) needs a function that loads the Worker.`,
    );
  }
  const env = envOf("routeWorkerModule", options);
  const ioContext = ioContextOf("routeWorkerModule", options);
  return addRoute(activeContext(), pattern, undefined, load as () => Promise<WorkerLike>, env, ioContext);
}

/** The `env` of a route's options, refusing options that are not an object. */
function envOf(api: string, options: RouteOptions<unknown>): unknown {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `workers-ws: ${api}() options must be an object like { env }, got ${describeValue(options)}.`,
    );
  }
  return options.env;
}

/** The `ioContext` of a route's options: undefined, or one from createIoContext(). */
function ioContextOf(api: string, options: RouteOptions<unknown>): IoContext | undefined {
  const { ioContext } = options;
  if (ioContext !== undefined && !IoContext.isIoContext(ioContext)) {
    throw new TypeError(
      `workers-ws: ${api}() option "ioContext" must come from createIoContext(), got ${describeValue(ioContext)}.`,
    );
  }
  return ioContext;
}

function addRoute(
  context: RuntimeContext,
  source: string,
  worker: WorkerLike | undefined,
  load: (() => Promise<WorkerLike>) | undefined,
  env: unknown,
  ioContext?: IoContext,
): Unroute {
  const pattern = parseRoutePattern(source);
  const table = tableOf(context);
  if (table.some((route) => route.pattern.source === pattern.source)) {
    throw new RoutePatternError(
      `workers-ws: ${JSON.stringify(source)} is already routed; call the function the first routeWorker() returned to remove that route first.`,
    );
  }
  const route: Route = { pattern, worker, load, env: env ?? {}, ioContext };
  table.push(route);
  // The most specific pattern is asked first (route-patterns.ts).
  table.sort((a, b) => b.pattern.specificity - a.pattern.specificity);
  return () => {
    const index = table.indexOf(route);
    if (index >= 0) table.splice(index, 1);
  };
}

/** The patterns routed in `context`, most specific first (for messages and tests). */
export function routedPatterns(context: RuntimeContext = activeContext()): string[] {
  return (tables.get(context) ?? []).map((route) => route.pattern.source);
}

/** Whether a route of `context` answers `url` (a browser page sends only those in memory). */
export function isRoutedUrl(url: string, context: RuntimeContext = activeContext()): boolean {
  const table = tables.get(context);
  return table !== undefined && find(table, url) !== undefined;
}

function tableOf(context: RuntimeContext): Route[] {
  let table = tables.get(context);
  if (!table) {
    table = [];
    tables.set(context, table);
    setOutboundLayer(context, "routes", routesLayer(table, context));
  }
  return table;
}

function find(table: Route[], url: string): Route | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return table.find((route) => route.pattern.matches(parsed));
}

async function workerOf(route: Route): Promise<WorkerLike> {
  if (route.worker) return route.worker;
  const loaded = await (route.load as () => Promise<WorkerLike>)();
  fetchHandlerOf(loaded);
  route.worker = loaded;
  return loaded;
}

function routesLayer(table: Route[], context: RuntimeContext): OutboundLayer {
  return {
    fetch(request) {
      const route = find(table, request.url);
      if (!route) return undefined;
      // The caller's Response is as workerd hands it over: a 101's webSocket is a new end coupled
      // to the one the Worker kept, which the caller must accept() (workerd http.c++ fetch).
      // No ctx given: dispatchFetch logs the request's waitUntil() rejections, as workerd does.
      return workerOf(route).then((worker) =>
        dispatchFetch(worker, request, undefined, { env: route.env, ioContext: route.ioContext }),
      ) as Promise<Response>;
    },
    connect(request) {
      const route = find(table, request.url);
      if (!route) return undefined;
      return connectToWorker(route, request, context);
    },
  };
}

/**
 * `new WebSocket(url, protocols)` to a routed Worker: the Worker gets the upgrade request workerd
 * sends upstream (ws: and wss: as http: and https:, Sec-WebSocket-Protocol from the protocols) and
 * must answer 101 with a WebSocket; the client socket then takes over that end's connection, as a
 * caller of a returned Response does. Any other answer fails the connection with workerd's texts.
 */
async function connectToWorker(
  route: Route,
  connect: ClientConnectRequest,
  context: RuntimeContext,
): Promise<ClientConnection> {
  const url = new URL(connect.url);
  url.protocol = url.protocol === "wss:" ? "https:" : "http:";
  url.username = "";
  url.password = "";
  const headers = new Headers({
    Upgrade: "websocket",
    Connection: "Upgrade",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": handshakeKey(),
  });
  // A browser page's handshake carries its Origin, Cookie and User-Agent (browser/).
  connect.headers?.forEach((value, name) => {
    headers.set(name, value);
  });
  // workerd: an empty protocols array sends no Sec-WebSocket-Protocol header.
  if (connect.protocols.length > 0) headers.set("Sec-WebSocket-Protocol", connect.protocols.join(", "));
  // workerd (web_socket_compression, 2023-08-15): new WebSocket() offers permessage-deflate.
  const compression = context.settings.webSocketCompression;
  if (compression) headers.set("Sec-WebSocket-Extensions", "permessage-deflate");
  const request = new Request(url.href, { headers });
  const handler = fetchHandlerOf(await workerOf(route));
  let response: { status?: unknown; headers?: Headers; webSocket?: unknown } | null;
  const ctx = new ExecutionContext();
  try {
    // The upgrade request is a request of its own: the Worker's end belongs to it (io-context.ts).
    response = await runFetchHandler(handler, request, route.env, ctx, route.ioContext);
  } catch (error) {
    // workerd: a Worker that throws answers its HTTP caller with 500; the exception is logged.
    context.reportUncaught(error);
    throw createWebSocketError("HandshakeNot101", 500);
  } finally {
    // No test waits on this request's context: its waitUntil() rejections are logged.
    reportRejections(ctx, (error) => context.reportUncaught(error));
  }
  const webSocket = response?.webSocket;
  if (!response || !isWebSocket(webSocket) || response.status !== 101) {
    throw createWebSocketError("HandshakeNot101", Number(response?.status ?? 500));
  }
  const transport = coupleTransport(
    takeReturnedEnd(webSocket, request, (error) => context.reportUncaught(error)),
  );
  const headersOut = response.headers instanceof Headers ? response.headers : new Headers();
  return {
    transport,
    protocol: headersOut.get("sec-websocket-protocol"),
    // With compression, workerd negotiates the offered extension for a Worker's 101 that names
    // none (observed: "permessage-deflate" in the open handler); without it the header is stripped.
    extensions: compression ? (headersOut.get("sec-websocket-extensions") ?? "permessage-deflate") : null,
    responseHeaders: headersOut,
  };
}

/** A fresh Sec-WebSocket-Key (RFC 6455 §4.1: 16 random bytes, base64). */
function handshakeKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
