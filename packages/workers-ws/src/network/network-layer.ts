/**
 * The "network" outbound layer: what no in-memory route answers goes over real sockets, as far as
 * the `network` option allows. `new WebSocket(url)` and fetch() with `Upgrade: websocket` connect
 * with ws; plain fetch() goes to Node's own fetch (undici), captured when this module loads, before
 * an environment can replace the global.
 */
import type { IncomingMessage } from "node:http";
import { internalError } from "../errors/internal-error.js";
import { type OutboundLayer, UnroutedRequestError } from "../outbound/outbound-layers.js";
import { Response } from "../response/response.js";
import { type RuntimeContext, setActiveContext } from "../runtime/context.js";
import type { ClientConnection } from "../websocket/client-connect.js";
import { networkConnectionLost } from "../websocket/socket-core.js";
import { createPairEnd } from "../websocket/websocket.js";
import { deflateOption, EXTENSIONS_HEADER, withoutExtensionsUnlessCompressing } from "./compression.js";
import { incomingMessageLimit } from "./limits.js";
import { type NetworkOption, networkAllows, networkRefusal } from "./network-policy.js";
import { trackNetworkResource } from "./network-resources.js";
import { wsLibrary } from "./ws-library.js";
import { WsTransport } from "./ws-transport.js";

const nodeFetch: typeof fetch = globalThis.fetch.bind(globalThis);

/** What a successful handshake gave: the connection plus the server's response headers. */
interface Handshake extends ClientConnection {
  readonly headers: Headers;
}

/** What an upgrade request offers the server. */
interface HandshakeOffer {
  /** The Sec-WebSocket-Protocol header as sent, or none. */
  readonly protocolHeader: string | undefined;
  /** Whether permessage-deflate is offered. */
  readonly compress: boolean;
}

/** A non-101 answer to an upgrade request. */
class RefusedUpgrade {
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly body: Buffer,
  ) {}
}

/** Request headers the WebSocket handshake itself writes (ws computes them). */
const HANDSHAKE_HEADERS = new Set([
  "upgrade",
  "connection",
  "host",
  "content-length",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-protocol",
  EXTENSIONS_HEADER,
]);

export function createNetworkLayer(context: RuntimeContext, option: NetworkOption): OutboundLayer {
  const refuse = (url: URL, redirectedFrom?: string): Promise<never> | undefined =>
    networkAllows(option, url)
      ? undefined
      : Promise.reject(new UnroutedRequestError(url.href, networkRefusal(option, url), redirectedFrom));
  return {
    fetch(request, redirectedFrom) {
      const url = new URL(request.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
      const refused = refuse(url, redirectedFrom);
      if (refused) return refused;
      if ((request.headers.get("upgrade") ?? "").toLowerCase() === "websocket") {
        return fetchUpgrade(context, request);
      }
      // One hop only: redirects are followed above the layers (outbound/follow-redirects.ts), so
      // that each hop passes the routes and this policy again. Node's fetch must not follow them.
      return nodeFetch(request, { redirect: "manual" });
    },
    connect(request) {
      const url = new URL(request.url);
      const refused = refuse(url);
      if (refused) return refused;
      // workerd: new WebSocket() offers its protocols joined with ", " (kj::delimited), and
      // permessage-deflate when web_socket_compression is on.
      const offer = {
        protocolHeader: request.protocols.length > 0 ? request.protocols.join(", ") : undefined,
        compress: context.settings.webSocketCompression,
      };
      return handshake(context, request.url, offer, {}, request.signal).then((result) => {
        if (result instanceof RefusedUpgrade) {
          // workerd's message for a server that does not switch protocols (observed 27).
          throw new TypeError(
            `Failed to establish the WebSocket connection: expected server to reply with HTTP status code 101 (switching protocols), but received ${result.status} instead.`,
          );
        }
        return result;
      });
    },
  };
}

/** fetch() with Upgrade: a 101 Response whose webSocket is a fresh end over the connection. */
async function fetchUpgrade(context: RuntimeContext, request: Request): Promise<globalThis.Response> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    if (!HANDSHAKE_HEADERS.has(name)) headers[name] = value;
  }
  // workerd forwards an upgrading fetch()'s headers as written: Sec-WebSocket-Protocol verbatim
  // ("protocol1, proto2,p3"), and no permessage-deflate offer unless the request makes one
  // (observed over loopback: test/conformance/network workerOutboundProtocols, workerSendsOverLimit).
  const offer = {
    protocolHeader: request.headers.get("sec-websocket-protocol") ?? undefined,
    compress:
      context.settings.webSocketCompression &&
      /permessage-deflate/i.test(request.headers.get(EXTENSIONS_HEADER) ?? ""),
  };
  const url = request.url.replace(/^http/, "ws");
  const result = await handshake(context, url, offer, headers);
  const previous = setActiveContext(context);
  try {
    if (result instanceof RefusedUpgrade) {
      return new Response(result.body.byteLength > 0 ? result.body : null, {
        status: result.status,
        statusText: result.statusText,
        headers: result.headers,
      }) as unknown as globalThis.Response;
    }
    return new Response(null, {
      status: 101,
      statusText: "Switching Protocols",
      headers: withoutExtensionsUnlessCompressing(context.settings, result.headers),
      webSocket: createPairEnd(result.transport),
    }) as unknown as globalThis.Response;
  } finally {
    setActiveContext(previous);
  }
}

/**
 * Opens a ws connection. Resolves with the connection once it is open, or with the server's
 * non-101 answer; rejects with workerd's "Network connection lost." when no connection is made.
 */
function handshake(
  context: RuntimeContext,
  url: string,
  offer: HandshakeOffer,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<Handshake | RefusedUpgrade> {
  const limit = incomingMessageLimit(context.settings);
  return new Promise((resolve, reject) => {
    // The protocols go out as the header text itself (ws would join them with ","), and ws is
    // told of none: workerd takes whatever protocol the server names, or none (ws would refuse
    // an answer that differs from the offer), so the answer is read before ws checks it.
    let chosenProtocol: string | null = null;
    const socket = new (wsLibrary().WebSocket)(url, [], {
      headers,
      // kj's limit: ws then refuses where kj does, and WsTransport answers as kj (with its sizes).
      maxPayload: limit,
      perMessageDeflate: offer.compress ? deflateOption(context.settings, "client") : false,
      finishRequest: (request) => {
        if (offer.protocolHeader !== undefined)
          request.setHeader("Sec-WebSocket-Protocol", offer.protocolHeader);
        request.end();
      },
    });
    const untrack = trackNetworkResource(context, {
      close: () =>
        new Promise<void>((done) => {
          if (socket.readyState === socket.CLOSED) done();
          else {
            socket.once("close", () => done());
            socket.terminate();
          }
        }),
    });
    socket.once("close", untrack);
    let responseHeaders = new Headers();
    let settled = false;
    // close() while connecting: the attempt stops (ws aborts the request and reports an error).
    const cancel = (): void => {
      if (!settled) socket.terminate();
    };
    if (signal?.aborted) process.nextTick(cancel);
    else signal?.addEventListener("abort", cancel, { once: true });
    socket.once("upgrade", (response: IncomingMessage) => {
      responseHeaders = headersOf(response);
      chosenProtocol = responseHeaders.get("sec-websocket-protocol");
      delete response.headers["sec-websocket-protocol"];
    });
    socket.once("unexpected-response", (_request, response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", () => undefined);
      response.on("end", () => {
        settled = true;
        // Ends the attempt (ws then emits close, which forgets the resource).
        socket.terminate();
        resolve(
          new RefusedUpgrade(
            response.statusCode ?? 0,
            response.statusMessage ?? "",
            headersOf(response),
            Buffer.concat(chunks),
          ),
        );
      });
    });
    socket.on("error", (error: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      // workerd: a host that does not resolve is an internal error, a refused or broken
      // connection is "Network connection lost." (conformance 35-websocket-urls).
      reject(
        error.code === "ENOTFOUND" || error.code === "EAI_AGAIN" ? internalError() : networkConnectionLost(),
      );
    });
    socket.once("open", () => {
      settled = true;
      const transport = new WsTransport(socket, limit, {
        lostAfterAnswer: true,
      });
      resolve({
        transport,
        // workerd: protocol and extensions are null, not "", when the server chose none.
        protocol: chosenProtocol,
        extensions: context.settings.webSocketCompression ? socket.extensions || null : null,
        headers: responseHeaders,
      });
    });
  });
}

function headersOf(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    headers.append(response.rawHeaders[i] as string, response.rawHeaders[i + 1] as string);
  }
  return headers;
}
