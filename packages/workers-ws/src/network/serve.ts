/**
 * serve(): a Worker on a real port, the way Miniflare and workerd serve one. Plain requests reach
 * the Worker and its Response is written as HTTP. An upgrade request reaches it with its headers;
 * a 101 Response with a webSocket couples the Worker's returned end to the client's connection
 * (text, binary, close codes and reasons both ways, messages queued before the coupling flushed in
 * order, backpressure through TCP). Any other response to an upgrade is written as HTTP, which
 * refuses the upgrade.
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { dispatchFetch } from "../dispatch/dispatch-fetch.js";
import { ExecutionContext } from "../dispatch/execution-context.js";
import { fetchHandlerOf, type WorkerLike } from "../dispatch/worker-handler.js";
import { describeValue } from "../errors/describe-value.js";
import { activeContext, setActiveContext } from "../runtime/context.js";
import { isWebSocket } from "../websocket/websocket.js";
import {
  answerAsKj,
  deflateOption,
  EXTENSIONS_HEADER,
  withoutExtensionsUnlessCompressing,
} from "./compression.js";
import { detachTransport } from "./detach-end.js";
import { incomingMessageLimit } from "./limits.js";
import { trackNetworkResource } from "./network-resources.js";
import { bridgeTransports } from "./transport-bridge.js";
import { nodeHttp, wsLibrary } from "./ws-library.js";
import { WsTransport } from "./ws-transport.js";

export interface ServeOptions<Env = unknown> {
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The address to listen on (default "127.0.0.1"). */
  hostname?: string;
  /** The Worker's bindings (default: an empty object). */
  env?: Env;
}

export interface ServedWorker {
  /** `http://host:port`, ready for fetch() or, with ws:, for a WebSocket client. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and cuts every connection (clients see 1006). Also done when the test file ends. */
  close(): Promise<void>;
}

export class ServeOptionsError extends TypeError {
  override name = "ServeOptionsError";
}

/**
 * What workerd answers when the Worker throws (or returns no Response): 500 with this plain body,
 * Content-Length and Connection: close, no Content-Type (conformance network/workerThrows).
 */
const INTERNAL_ERROR_BODY = "Internal Server Error";

/** Response headers the WebSocket handshake itself writes (ws computes them). */
const HANDSHAKE_HEADERS = new Set([
  "upgrade",
  "connection",
  "sec-websocket-accept",
  "sec-websocket-protocol",
  EXTENSIONS_HEADER,
  "content-length",
  "transfer-encoding",
]);

export async function serve<Env = unknown>(
  worker: WorkerLike<Env>,
  options: ServeOptions<Env> = {},
): Promise<ServedWorker> {
  fetchHandlerOf(worker); // a Worker of the wrong shape fails here, not on the first request
  const { port = 0, hostname = "127.0.0.1", env } = checkServeOptions(options);
  const context = activeContext();
  const settings = context.settings;
  const limit = incomingMessageLimit(settings);

  /** What the Worker's 101 chose, read by ws while it writes the handshake. */
  const handshakes = new WeakMap<IncomingMessage, { protocol: string | null; headers: Headers }>();
  const wss = new (wsLibrary().WebSocketServer)({
    noServer: true,
    // kj's limit: ws then refuses where kj does, and WsTransport answers as kj (with its sizes).
    maxPayload: limit,
    perMessageDeflate: deflateOption(settings, "server"),
    handleProtocols: (_offered, request) => handshakes.get(request)?.protocol ?? false,
  });
  wss.on("headers", (lines, request) => {
    const at = lines.findIndex((line) => /^sec-websocket-extensions:/i.test(line));
    if (at >= 0) {
      const line = lines[at] as string;
      const answer = line.slice(line.indexOf(":") + 1).trim();
      lines[at] = `Sec-WebSocket-Extensions: ${answerAsKj(request.headers[EXTENSIONS_HEADER], answer)}`;
    }
    const chosen = handshakes.get(request);
    if (!chosen) return;
    for (const [name, value] of chosen.headers) {
      if (!HANDSHAKE_HEADERS.has(name)) lines.push(`${name}: ${value}`);
    }
  });

  const run = (request: Request): Promise<Response> => {
    // Objects the Worker makes synchronously belong to the runtime serve() was called in.
    const previous = setActiveContext(context);
    try {
      return dispatchFetch(worker, request, undefined, {
        env: (env ?? {}) as Env,
        ctx: new ExecutionContext(),
      }) as unknown as Promise<Response>;
    } finally {
      setActiveContext(previous);
    }
  };

  const pendingUpgrades = new Set<import("node:stream").Duplex>();
  const server = nodeHttp().createServer((req, res) => {
    run(toRequest(req, hostname, port)).then(
      (response) => writeResponse(response, res),
      (error: unknown) => {
        context.reportUncaught(error);
        if (!res.headersSent) {
          res
            .writeHead(500, "Internal Server Error", {
              "Content-Length": INTERNAL_ERROR_BODY.length,
              Connection: "close",
            })
            .end(INTERNAL_ERROR_BODY);
        } else res.destroy();
      },
    );
  });
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    pendingUpgrades.add(socket);
    socket.on("error", () => socket.destroy());
    run(toRequest(req, hostname, port)).then(
      (response) => {
        pendingUpgrades.delete(socket);
        const webSocket = (response as { webSocket?: unknown }).webSocket;
        if (response.status !== 101 || !isWebSocket(webSocket)) {
          void writeRefusal(response, socket);
          return;
        }
        const inner = detachTransport(webSocket);
        if (socket.destroyed) {
          // The client left while the Worker answered: the Worker's end sees 1006.
          inner.release();
          return;
        }
        handshakes.set(req, {
          protocol: response.headers.get("sec-websocket-protocol"),
          headers: withoutExtensionsUnlessCompressing(settings, response.headers),
        });
        let coupled = false;
        socket.once("close", () => {
          if (!coupled) inner.release();
        });
        wss.handleUpgrade(req, socket, head, (ws) => {
          coupled = true;
          bridgeTransports(inner, new WsTransport(ws, limit));
        });
      },
      (error: unknown) => {
        pendingUpgrades.delete(socket);
        context.reportUncaught(error);
        socket.end(
          `HTTP/1.1 500 Internal Server Error\r\nContent-Length: ${INTERNAL_ERROR_BODY.length}\r\nConnection: close\r\n\r\n${INTERNAL_ERROR_BODY}`,
        );
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      untrack();
      for (const client of wss.clients) client.terminate();
      for (const socket of pendingUpgrades) socket.destroy();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closing;
  };
  const url = `http://${host}:${address.port}`;
  const untrack = trackNetworkResource(context, { serverUrl: url, close });
  return { url, port: address.port, close };
}

function checkServeOptions<Env>(options: ServeOptions<Env>): ServeOptions<Env> {
  if (typeof options !== "object" || options === null) {
    throw new ServeOptionsError(
      `serve() options must be an object with port, hostname and env; got ${describeValue(options)}.`,
    );
  }
  const known = ["port", "hostname", "env"];
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new ServeOptionsError(
      `Unknown serve() option ${unknown.map((k) => JSON.stringify(k)).join(", ")}. Valid options: ${known.join(", ")}.`,
    );
  }
  const { port, hostname } = options;
  if (
    port !== undefined &&
    (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535)
  ) {
    throw new ServeOptionsError(
      `serve() option "port" must be a whole number from 0 to 65535, got ${String(port)}.`,
    );
  }
  if (hostname !== undefined && (typeof hostname !== "string" || hostname.length === 0)) {
    throw new ServeOptionsError(
      `serve() option "hostname" must be a non-empty string, got ${String(hostname)}.`,
    );
  }
  return options;
}

/** The Request a Worker sees: the URL the client asked for, its headers, and its body if any. */
function toRequest(req: IncomingMessage, hostname: string, port: number): Request {
  const host = req.headers.host ?? `${hostname}:${port}`;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && req.headers.upgrade === undefined;
  return new Request(`http://${host}${req.url ?? "/"}`, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  if (!response.body) {
    res.end();
    return;
  }
  Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
}

/** An upgrade the Worker did not accept: its response goes out as plain HTTP, then the connection ends. */
async function writeRefusal(response: Response, socket: import("node:stream").Duplex): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [
    `HTTP/1.1 ${response.status} ${response.statusText || nodeHttp().STATUS_CODES[response.status] || ""}`,
  ];
  for (const [name, value] of response.headers) {
    if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection")
      lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${body.byteLength}`, "connection: close", "", "");
  if (socket.destroyed) return;
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n")), body]));
}
