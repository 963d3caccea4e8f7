import { createWebSocketError } from "../errors/catalogue.js";
import { nodeResponseClass } from "../runtime/node-web-classes.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
import { toInt32Checked } from "../webidl/conversions.js";
import { constructExposed } from "../webidl/require-new.js";
import { socketElsewhere } from "../websocket/client-sockets-elsewhere.js";
import { isWebSocket, type WebSocket } from "../websocket/websocket.js";
import { defaultStatusText } from "./status-text.js";

type NodeResponse = InstanceType<typeof globalThis.Response>;
type BodyInit = ConstructorParameters<typeof globalThis.Response>[0];

export interface ResponseInit {
  status?: number;
  statusText?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  webSocket?: WebSocket | null;
}

let hasResponseBrand: (value: unknown) => value is Response;
let setFetched: (response: Response, url: string, redirected: boolean) => void;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The Workers Response: Node's Response plus the `webSocket` member and status 101 (workerd
 * http.c++ Response::constructor). Bodies, headers and reading stay Node's (undici), kept inside.
 */
export class Response {
  readonly #inner: NodeResponse;
  readonly #status: number;
  #statusText: string;
  readonly #webSocket: WebSocket | null;
  /** Set for a Response that fetch() delivered: the URL it came from (fetch/fetched-response). */
  #fetchedUrl: string | undefined;
  #redirected: boolean | undefined;

  constructor(body?: BodyInit | null, init?: ResponseInit | Response) {
    if (body === (kWrapInner as unknown as BodyInit)) {
      // Internal: wrap a Response that undici built (error(), redirect(), clone()).
      const inner = init as unknown as NodeResponse;
      this.#inner = inner;
      this.#status = inner.status;
      this.#statusText = inner.statusText;
      this.#webSocket = null;
      return;
    }
    // workerd: init is a dictionary or a Response; a primitive (other than undefined/null) is refused
    // before any member is read (observed: new Response(null, 10n) and (null, "x") throw this).
    if (init !== undefined && init !== null && typeof init !== "object" && typeof init !== "function") {
      throw createWebSocketError("ResponseInitType");
    }
    const dict = (init ?? {}) as ResponseInit;
    // Dictionary members are converted first: a webSocket of the wrong type fails before status checks.
    const rawWebSocket = dict.webSocket;
    if (rawWebSocket !== undefined && rawWebSocket !== null && !isWebSocket(rawWebSocket)) {
      const elsewhere = socketElsewhere(rawWebSocket);
      if (elsewhere !== undefined) {
        // Not a workerd case (no page exists there): a page's socket given to a Worker's Response.
        throw new TypeError(
          `workers-ws: new Response(null, { webSocket }) got ${elsewhere.description}; a Worker answers an upgrade with an end of a WebSocketPair.`,
        );
      }
      throw createWebSocketError("ResponseWebSocketWrongType");
    }
    const webSocket = rawWebSocket ?? null;
    // The status is a jsg int: ToNumber (a BigInt throws), truncation, and a range check (observed:
    // status 2 ** 53 throws "Value out of range…", not the RangeError about 200 to 599).
    const status =
      dict.status === undefined
        ? 200
        : toInt32Checked(dict.status, () => createWebSocketError("IntegerOutOfRange"));
    if (webSocket) {
      if (status !== 101) throw createWebSocketError("WebSocketNeedsStatus101");
    } else if (status < 200 || status > 599) {
      throw createWebSocketError("ResponseStatusNeedsWebSocket");
    }
    const emptyBody = body === undefined || body === null || body === "";
    if (NULL_BODY_STATUSES.has(status) && !emptyBody && !isEmptyBuffer(body)) {
      throw createWebSocketError("ResponseBodyWithNullBodyStatus");
    }
    const statusText = dict.statusText === undefined ? "" : String(dict.statusText);
    this.#inner = new (nodeResponseClass())(NULL_BODY_STATUSES.has(status) ? null : body, {
      // undici refuses 101; the status a caller sees is ours, the inner one only carries the body.
      status: status === 101 ? 200 : status,
      statusText,
      headers: dict.headers,
    });
    this.#status = status;
    this.#statusText = statusText;
    this.#webSocket = webSocket;
  }

  static json(data: unknown, init?: ResponseInit): Response {
    const headers = new Headers(init?.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return constructExposed(ResponseClass, [JSON.stringify(data), { ...init, headers }]);
  }

  static error(): Response {
    return fromNode(nodeResponseClass().error());
  }

  static redirect(url: string | URL, status = 302): Response {
    return fromNode(
      nodeResponseClass().redirect(url, status as Parameters<typeof globalThis.Response.redirect>[1]),
    );
  }

  static {
    hasResponseBrand = (value): value is Response => isObjectLike(value) && #inner in value;
    setFetched = (response, url, redirected) => {
      response.#fetchedUrl = url;
      response.#redirected = redirected;
      // workerd: an answer without a reason phrase reaches the caller with the status's own.
      if (response.#statusText === "") response.#statusText = defaultStatusText(response.#status);
    };
  }

  // Each member checks its `this` first, as workerd does before reading any state.
  /** The WebSocket end given to this Response, or null (workerd returns null, not undefined). */
  get webSocket(): WebSocket | null {
    brandCheck(this);
    return this.#webSocket;
  }
  get status(): number {
    brandCheck(this);
    return this.#status;
  }
  get statusText(): string {
    brandCheck(this);
    return this.#statusText;
  }
  get ok(): boolean {
    brandCheck(this);
    return this.#status >= 200 && this.#status <= 299;
  }
  get headers(): Headers {
    brandCheck(this);
    return this.#inner.headers;
  }
  get body(): ReadableStream<Uint8Array> | null {
    brandCheck(this);
    return this.#inner.body;
  }
  get bodyUsed(): boolean {
    brandCheck(this);
    return this.#inner.bodyUsed;
  }
  get type(): string {
    brandCheck(this);
    // workerd: every Response fetch() delivers is "default" (undici's from the network are "basic").
    return this.#fetchedUrl === undefined ? this.#inner.type : "default";
  }
  get url(): string {
    brandCheck(this);
    return this.#fetchedUrl ?? this.#inner.url;
  }
  get redirected(): boolean {
    brandCheck(this);
    return this.#redirected ?? this.#inner.redirected;
  }
  text(): Promise<string> {
    brandCheck(this);
    return this.#inner.text();
  }
  json(): Promise<unknown> {
    brandCheck(this);
    return this.#inner.json();
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    brandCheck(this);
    return this.#inner.arrayBuffer();
  }
  blob(): Promise<Blob> {
    brandCheck(this);
    return this.#inner.blob();
  }
  formData(): Promise<FormData> {
    brandCheck(this);
    return this.#inner.formData() as Promise<FormData>;
  }
  async bytes(): Promise<Uint8Array> {
    brandCheck(this);
    return new Uint8Array(await this.#inner.arrayBuffer());
  }
  clone(): Response {
    brandCheck(this);
    if (this.#webSocket) throw createWebSocketError("CloneWebSocketResponse");
    const copy = fromNode(this.#inner.clone());
    copy.#fetchedUrl = this.#fetchedUrl;
    copy.#redirected = this.#redirected;
    return copy;
  }
}

function brandCheck(value: unknown): void {
  if (!hasResponseBrand(value)) illegalInvocation();
}

// Read through the class itself (not the guarded export) inside this module.
const ResponseClass = Response;
const kWrapInner = Symbol("wrap an undici Response");

function fromNode(inner: NodeResponse): Response {
  return constructExposed(ResponseClass, [
    kWrapInner as unknown as BodyInit,
    inner as unknown as ResponseInit,
  ]);
}

/**
 * The Response a fetch() caller receives, as workerd builds it (http.c++ makeHttpResponse): `url`
 * is the last URL of the request's URL list (without fragment), `redirected` whether there were
 * several, statusText the status's phrase when the answer gave none, and no body for a HEAD
 * request. A Response from Node's fetch or built with Node's class is wrapped to read the same way.
 */
export function asFetchedResponse(
  response: Response | NodeResponse,
  init: { url: string; redirected: boolean; method: string },
): Response {
  let ours = hasResponseBrand(response) ? response : fromNode(response as NodeResponse);
  if (init.method === "HEAD" && ours.body !== null && !ours.webSocket) {
    ours.body.cancel().catch(() => undefined);
    ours = fromNode(
      new (nodeResponseClass())(null, {
        status: ours.status,
        statusText: ours.statusText,
        headers: ours.headers,
      }),
    );
  }
  setFetched(ours, init.url, init.redirected);
  return ours;
}

/**
 * The Response a Workers fetch() resolves with: always the runtime's, whose `webSocket` is null
 * when nothing upgraded (workerd; conformance 35-websocket-urls). Node's own Response (what
 * undici answers over the network, or what a Worker built with a Node API) is wrapped.
 */
export function asRuntimeResponse(value: Response | NodeResponse): Response {
  if (hasResponseBrand(value)) return value;
  return fromNode(value as NodeResponse);
}

function isEmptyBuffer(body: unknown): boolean {
  if (body instanceof ArrayBuffer) return body.byteLength === 0;
  if (ArrayBuffer.isView(body)) return body.byteLength === 0;
  return false;
}
