/**
 * The `WebSocket` class of a browser page: WHATWG WebSockets, built per page on the page's own
 * EventTarget so its events, Blobs and exceptions belong to the page. A URL that a route of the
 * runtime answers connects in memory (page-connection.ts); any other URL goes to the page's own
 * network WebSocket (happy-dom's, over `ws`), so a page can talk to a real port from serve() too.
 *
 * Where happy-dom's WebSocket differs from browsers, this class follows the spec and Chromium:
 * it has bufferedAmount, accepts http(s) URLs (ws(s) since 2023), refuses a URL with a fragment,
 * fires error before close 1006 when the connection fails, and fails a handshake whose
 * subprotocol was not offered.
 */
import { types } from "node:util";
import { isRoutedUrl } from "../outbound/worker-routes.js";
import type { RuntimeContext } from "../runtime/context.js";
import { registerSocketElsewhere } from "../websocket/client-sockets-elsewhere.js";
import { READY_STATE } from "../websocket/socket-core.js";
import { isWebSocket } from "../websocket/websocket.js";
import { type Outgoing, PageConnection } from "./page-connection.js";
import type { PageBlob, PageRealm } from "./page-realm.js";
import {
  toUSVString,
  validatePageCloseArguments,
  validatePageSocketArguments,
} from "./page-websocket-arguments.js";

const DESCRIPTION = "a browser page's WebSocket";

export interface PageWebSocketOptions {
  /** The page's own WebSocket, for URLs no route answers (happy-dom's network WebSocket). */
  readonly networkWebSocket?: new (
    url: string,
    protocols?: string | string[],
  ) => object;
  /** Called with each in-memory socket when it is created and when it has finished. */
  readonly onOpened?: (socket: object) => void;
  readonly onFinished?: (socket: object) => void;
}

/** A page socket's connection, for the page's bookkeeping (closing the page closes its sockets). */
const connections = new WeakMap<object, PageConnection>();

/** Closes an in-memory page socket as a page that goes away does (1001, no more events). */
export function pageSocketDisappear(socket: object): void {
  connections.get(socket)?.disappear();
}

/** Whether `value` is an in-memory socket of some page (not the Workers WebSocket). */
export function isPageWebSocket(value: unknown): boolean {
  return typeof value === "object" && value !== null && connections.has(value);
}

type Handler = ((event: object) => unknown) | null;
const HANDLERS = ["open", "message", "error", "close"] as const;

/** Builds the page's `WebSocket` class for `realm`, connecting through `runtime` (the test file's). */
export function createPageWebSocketClass(
  realm: PageRealm,
  runtime: { readonly context: RuntimeContext },
  options: PageWebSocketOptions = {},
): new (
  url: string | URL,
  protocols?: string | string[],
) => object {
  const { context } = runtime;
  const Network = options.networkWebSocket;
  const Base = realm.EventTarget as unknown as new () => EventTarget;
  // Set by the class's static block (which runs before the lines after the class).
  let own: (socket: unknown) => PageConnection;
  let handlersOf: (socket: unknown) => Map<string, Handler>;

  class WebSocket extends Base {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly #connection!: PageConnection;
    readonly #handlers = new Map<string, Handler>();

    constructor(...args: [url: string | URL, protocols?: string | string[]] | []) {
      super();
      // WebIDL: a required argument.
      if (args.length === 0) {
        throw new TypeError("Failed to construct 'WebSocket': 1 argument required, but only 0 present.");
      }
      const [url, protocols] = args;
      const checked = validatePageSocketArguments(realm, url, protocols);
      if (Network !== undefined && !isRoutedUrl(checked.url, context)) {
        // No route answers this URL: the page's own network WebSocket connects (a real port).
        // Returning it from the constructor keeps `new WebSocket(url)` in page scripts working;
        // Symbol.hasInstance below keeps `instanceof WebSocket` true for it.
        // biome-ignore lint/correctness/noConstructorReturn: a network socket is happy-dom's own class
        return new Network(checked.url, protocols as string | string[]) as WebSocket;
      }
      const connection = new PageConnection(
        this as unknown as { dispatchEvent(event: object): boolean },
        realm,
        context,
        checked.url,
        checked.protocols,
        () => options.onFinished?.(this),
      );
      this.#connection = connection;
      connections.set(this, connection);
      registerSocketElsewhere(this, {
        description: DESCRIPTION,
        transcript: connection.transcript,
        readyState: () => connection.readyState,
      });
      options.onOpened?.(this);
      connection.connect();
    }

    static override [Symbol.hasInstance](value: unknown): boolean {
      if (typeof value !== "object" || value === null) return false;
      if (Object.prototype.isPrototypeOf.call(WebSocket.prototype, value)) return true;
      return Network !== undefined && value instanceof Network;
    }

    get url(): string {
      return own(this).url;
    }
    get readyState(): number {
      return own(this).readyState;
    }
    get bufferedAmount(): number {
      return own(this).bufferedAmount;
    }
    get extensions(): string {
      return own(this).extensions;
    }
    get protocol(): string {
      return own(this).protocol;
    }
    get binaryType(): "blob" | "arraybuffer" {
      return own(this).binaryType;
    }
    /** WHATWG: other values are ignored (no exception). */
    set binaryType(value: string) {
      const connection = own(this);
      if (value === "blob" || value === "arraybuffer") connection.binaryType = value;
    }

    send(...args: [data: unknown] | []): void {
      const connection = own(this);
      const [data] = args;
      if (args.length === 0) {
        throw new TypeError(
          "Failed to execute 'send' on 'WebSocket': 1 argument required, but only 0 present.",
        );
      }
      if (connection.readyState === READY_STATE.CONNECTING) {
        const error = new realm.DOMException(
          "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
          "InvalidStateError",
        );
        connection.transcript?.record({ kind: "threw", method: "send", args: [data], error });
        throw error;
      }
      const [item, recorded] = outgoingOf(realm, data);
      connection.send(item, recorded);
    }

    close(code?: number, reason?: string): void {
      const connection = own(this);
      let checked: ReturnType<typeof validatePageCloseArguments>;
      try {
        checked = validatePageCloseArguments(realm, code, reason);
      } catch (error) {
        connection.transcript?.record({ kind: "threw", method: "close", args: [code, reason], error });
        throw error;
      }
      connection.close(checked.code, checked.reason);
    }

    static {
      own = (socket: unknown): PageConnection => {
        if (typeof socket === "object" && socket !== null && #connection in socket) {
          return (socket as WebSocket).#connection;
        }
        throw mixUp(socket);
      };
      handlersOf = (socket) => {
        own(socket);
        return (socket as WebSocket).#handlers;
      };
    }
  }

  // Constants on the prototype too, read-only, as WebIDL defines them.
  for (const [name, value] of Object.entries(READY_STATE)) {
    Object.defineProperty(WebSocket, name, { value, writable: false, enumerable: true, configurable: false });
    Object.defineProperty(WebSocket.prototype, name, {
      value,
      writable: false,
      enumerable: true,
      configurable: false,
    });
  }
  // Event handler attributes (HTML "event handler IDL attributes"): the first non-null value
  // registers one listener, in order with the others, which calls whatever is set at the time.
  for (const type of HANDLERS) {
    Object.defineProperty(WebSocket.prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: object): Handler {
        return handlersOf(this).get(type) ?? null;
      },
      set(this: EventTarget, value: unknown): void {
        const handlers = handlersOf(this);
        const handler =
          typeof value === "function" || (typeof value === "object" && value !== null)
            ? (value as Handler)
            : null;
        const registered = handlers.has(type);
        handlers.set(type, handler);
        if (!registered && handler !== null) {
          this.addEventListener(type, (event) => {
            const current = handlers.get(type);
            if (typeof current === "function") return current.call(this, event);
          });
        } else if (!registered) {
          handlers.delete(type);
        }
      },
    });
  }
  Object.defineProperty(WebSocket.prototype, Symbol.toStringTag, { value: "WebSocket", configurable: true });
  return WebSocket;
}

/** A page socket method called on something else: say which WebSocket it was. */
function mixUp(value: unknown): TypeError {
  if (isWebSocket(value)) {
    return new TypeError(
      "workers-ws: the Workers WebSocket (a WebSocketPair end, or the test's global new WebSocket(url)) was used where a page's WebSocket is expected. A page's socket comes from page.WebSocket, which is window.WebSocket in the page's scripts.",
    );
  }
  return new TypeError("Illegal invocation");
}

/** send(data): the frame (or Blob) and its byte length; the recorded payload for the transcript. */
function outgoingOf(realm: PageRealm, data: unknown): [Outgoing, string | Uint8Array | undefined] {
  if (data instanceof realm.Blob || data instanceof Blob) {
    const blob = data as PageBlob;
    return [{ blob, size: blob.size }, undefined];
  }
  if (types.isAnyArrayBuffer(data)) {
    const bytes = new Uint8Array(data.slice(0));
    return [{ frame: { kind: "binary", data: bytes }, size: bytes.byteLength }, bytes];
  }
  if (ArrayBuffer.isView(data)) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    return [{ frame: { kind: "binary", data: bytes }, size: bytes.byteLength }, bytes];
  }
  // WebIDL USVString: anything else is converted to a string.
  const text = toUSVString(`${data}`);
  return [{ frame: { kind: "text", data: text }, size: Buffer.byteLength(text, "utf8") }, text];
}
