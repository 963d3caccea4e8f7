import { Deserializer, Serializer } from "node:v8";
import { createWebSocketError } from "../errors/catalogue.js";
import { EventTarget, targetContext } from "../events/event-target.js";
import type { RuntimeContext } from "../runtime/context.js";
import { assertSameIoContext } from "../runtime/io-context.js";
import type { Transport } from "../transport/transport.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
import { constructExposed, readOnlySetter } from "../webidl/require-new.js";
import { assertSerializable } from "../webidl/serializable.js";
import { cancelConnection, connectClientSocket, validateClientArguments } from "./client-connect.js";
import { socketElsewhere } from "./client-sockets-elsewhere.js";
import { validateCloseArguments } from "./close-validation.js";
import { toFrame } from "./send-data.js";
import { READY_STATE, SocketCore } from "./socket-core.js";
import { socketRegistryOf } from "./socket-registry.js";
import { recordIgnoredCall, recordReadyState, recordThrownCall } from "./transcript.js";

/** workerd's attachment limit: 16 KiB of V8-serialized data (2 KiB before 2026-02-23). */
export const MAX_ATTACHMENT_BYTES = 16_384;

const kInternal = Symbol("workers-ws internal construction");
let coreOf: (ws: WebSocket) => SocketCore;
let hasWebSocketBrand: (value: unknown) => value is WebSocket;
let setNegotiatedFn: (ws: WebSocket, protocol: string | null, extensions: string | null) => void;

/**
 * The Workers WebSocket. Arguments are converted and validated here, in workerd's order; state and
 * I/O live in SocketCore, which talks to a Transport (pair pipe, network, served connection).
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface below only adds typed overloads of inherited methods
export class WebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static readonly READY_STATE_CONNECTING = 0;
  static readonly READY_STATE_OPEN = 1;
  static readonly READY_STATE_CLOSING = 2;
  static readonly READY_STATE_CLOSED = 3;
  declare readonly CONNECTING: 0;
  declare readonly OPEN: 1;
  declare readonly CLOSING: 2;
  declare readonly CLOSED: 3;
  declare readonly READY_STATE_CONNECTING: 0;
  declare readonly READY_STATE_OPEN: 1;
  declare readonly READY_STATE_CLOSING: 2;
  declare readonly READY_STATE_CLOSED: 3;

  readonly #core: SocketCore;
  #url: string | null = null;
  #protocol: string | null = "";
  #extensions: string | null = "";
  #binaryType: "blob" | "arraybuffer";
  #attachment: Buffer | undefined;

  constructor(...args: [url: string, protocols?: string | string[]]) {
    super();
    const [url, protocols] = args;
    const context = runtimeContextOf(this);
    if (url === (kInternal as unknown as string)) {
      // A pair end: `protocols` carries the transport.
      this.#core = new SocketCore(
        this,
        context,
        protocols as unknown as Transport,
        "awaiting",
        socketRegistryOf(context),
      );
    } else {
      if ((args as unknown[]).length === 0 || url === undefined)
        throw createWebSocketError("WebSocketUrlNotString");
      // ToString, as the jsg string conversion does (a Symbol throws V8's TypeError).
      const urlString = `${url}`;
      const target = validateClientArguments(urlString, protocols);
      this.#url = urlString;
      this.#core = new SocketCore(this, context, undefined, "connecting", socketRegistryOf(context));
      connectClientSocket(this, this.#core, target);
    }
    this.#binaryType = context.settings.standardBinaryType ? "blob" : "arraybuffer";
    socketRegistryOf(context).track(this.#core, this);
    if (!context.settings.gettersOnPrototype) defineInstanceAccessors(this);
  }

  static {
    coreOf = (ws) => ws.#core;
    hasWebSocketBrand = (value): value is WebSocket => isObjectLike(value) && #core in value;
    setNegotiatedFn = (ws, protocol, extensions) => {
      ws.#protocol = protocol;
      ws.#extensions = extensions;
    };
  }

  // Every member checks its `this` first (brandCheck), as workerd does before reading any state.
  get readyState(): number {
    brandCheck(this);
    // workerd: readyState, bufferedAmount, accept(), send() and close() reach the native socket,
    // which belongs to the request that made it; url, protocol, binaryType, the listeners and the
    // attachment do not (conformance 36).
    assertSameIoContext(this.#core.ioContext);
    return this.#core.readyState;
  }
  get url(): string | null {
    brandCheck(this);
    return this.#url;
  }
  get protocol(): string | null {
    brandCheck(this);
    return this.#protocol;
  }
  get extensions(): string | null {
    brandCheck(this);
    return this.#extensions;
  }
  get binaryType(): "blob" | "arraybuffer" {
    brandCheck(this);
    return this.#binaryType;
  }
  /** workerd ignores values other than "blob" and "arraybuffer" without an error. */
  set binaryType(value: string) {
    brandCheck(this);
    // A template literal is ToString (String() would turn a Symbol into "Symbol(…)"; workerd throws).
    const s = `${value}`;
    if (s === "blob" || s === "arraybuffer") this.#binaryType = s;
  }
  /** workerd does not track buffered bytes: always 0. */
  get bufferedAmount(): number {
    brandCheck(this);
    assertSameIoContext(this.#core.ioContext);
    return 0;
  }

  // accept, send and close take rest parameters: workerd reports a `length` of 0 for all three.
  // Each records in the transcript what it threw and when it returned without effect; what a call
  // does when it works is recorded by the socket's observer hooks.
  accept(...args: [options?: { allowHalfOpen?: boolean } | null]): void {
    brandCheck(this);
    const core = this.#core;
    try {
      assertSameIoContext(core.ioContext);
      acceptOn(core, args);
    } catch (error) {
      recordThrownCall(core, "accept", args, error);
      throw error;
    }
  }

  send(...args: [message: ArrayBuffer | ArrayBufferView | string]): void {
    brandCheck(this);
    const core = this.#core;
    try {
      assertSameIoContext(core.ioContext);
      sendOn(core, args);
    } catch (error) {
      recordThrownCall(core, "send", args, error);
      throw error;
    }
  }

  close(...args: [code?: number, reason?: string]): void {
    brandCheck(this);
    const core = this.#core;
    try {
      assertSameIoContext(core.ioContext);
      closeOn(core, args);
    } catch (error) {
      recordThrownCall(core, "close", args, error);
      throw error;
    }
  }

  // Rest parameters: workerd reports a `length` of 0 and refuses a call with no argument.
  serializeAttachment(...args: [value: unknown]): void {
    brandCheck(this);
    if ((args as unknown[]).length === 0) {
      throw createWebSocketError("ArgumentType", "serializeAttachment", "WebSocket", 1, "Value");
    }
    const value = args[0];
    assertSerializable(value);
    let bytes: Buffer;
    try {
      bytes = serializeAsWorkerd(value);
    } catch (error) {
      // V8's own refusal ("… could not be cloned.") becomes a DataCloneError; anything else came from
      // user code the serializer ran, such as a getter, and propagates unchanged (observed in workerd).
      if (error instanceof Error && Object.getPrototypeOf(error) === Error.prototype) {
        throw new DOMException(error.message, "DataCloneError");
      }
      throw error;
    }
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw createWebSocketError("AttachmentTooLarge", bytes.length);
    this.#attachment = bytes;
  }

  deserializeAttachment(): unknown {
    brandCheck(this);
    if (this.#attachment === undefined) return null;
    const deserializer = new Deserializer(this.#attachment);
    deserializer.readHeader();
    return deserializer.readValue();
  }
}

// Constants live on the class and on the prototype (so on instances), as in workerd, read-only
// (observed: WebSocket.OPEN is {writable: false, enumerable: true, configurable: true}).
for (const [name, value] of Object.entries(READY_STATE)) {
  for (const key of [name, `READY_STATE_${name}`]) {
    Object.defineProperty(WebSocket, key, { value, writable: false, enumerable: true, configurable: true });
    Object.defineProperty(WebSocket.prototype, key, { value, enumerable: true, configurable: true });
  }
}

/**
 * V8's own serialization, as workerd's jsg::Serializer writes an attachment (header, version 15):
 * node:v8's serialize() treats typed arrays as Node host objects, whose encoding is 6 bytes
 * shorter than V8's ArrayBuffer-plus-view encoding, which the size limit counts (conformance
 * 46-hibernation-attachments-timeout/sizeLimit: a Uint8Array(16384) is 16397 bytes in workerd).
 */
function serializeAsWorkerd(value: unknown): Buffer {
  const serializer = new Serializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  return serializer.releaseBuffer();
}

function acceptOn(core: SocketCore, args: [options?: { allowHalfOpen?: boolean } | null]): void {
  const allowHalfOpen = readAcceptOptions(args[0]);
  if (core.state === "connecting") throw createWebSocketError("AcceptOnClientSocket");
  if (core.state === "released") throw createWebSocketError("AcceptAfterResponse");
  if (core.state === "accepted") {
    // workerd web-socket.c++ accept(): refused once acceptWebSocket() made the socket hibernatable.
    if (core.hibernation !== undefined) throw createWebSocketError("AcceptAfterHibernation");
    // A second accept() is a no-op; its options are ignored.
    recordIgnoredCall(core, "accept", args);
    return;
  }
  core.accept(allowHalfOpen);
}

function sendOn(core: SocketCore, args: [message: ArrayBuffer | ArrayBufferView | string]): void {
  // send() with no argument is an error, while send(undefined) sends "undefined".
  if ((args as unknown[]).length === 0) throw createWebSocketError("SendMissingArgument");
  const frame = toFrame(args[0], core.context.settings);
  if (core.closedOutgoing) throw createWebSocketError("SendAfterClose");
  if (core.outgoingAborted || core.state === "released") {
    // workerd ignores sends after the connection ended; strict mode names the mistake instead.
    if (core.context.strict && core.usedInResponse)
      throw createWebSocketError("StrictUseAfterResponse", "send");
    recordIgnoredCall(core, "send", args);
    return;
  }
  if (core.hibernatableRelease === "error") {
    // workerd: after webSocketError the socket cannot send; the call releases it instead.
    core.tryRelease();
    recordIgnoredCall(core, "send", args);
    return;
  }
  if (core.state !== "accepted") throw createWebSocketError("NotAccepted");
  core.enqueue(frame);
}

function closeOn(core: SocketCore, args: [code?: number, reason?: string]): void {
  const { code, reason } = validateCloseArguments(args[0], args[1], core.context.settings);
  if (core.state === "connecting") {
    // workerd: closing while connecting cancels the attempt; readyState then reads 1.
    core.state = "released";
    cancelConnection(core);
    recordReadyState(core, READY_STATE.CONNECTING, "close() while connecting cancelled the connection");
    return;
  }
  if (core.closedOutgoing || core.outgoingAborted || core.state === "released") {
    if (core.context.strict) {
      throw core.usedInResponse
        ? createWebSocketError("StrictUseAfterResponse", "close")
        : createWebSocketError("StrictCloseAfterClose");
    }
    // workerd ignores close() once close() was called or the connection ended.
    recordIgnoredCall(core, "close", args);
    return;
  }
  if (core.hibernatableRelease === "error") {
    // workerd: after webSocketError, close() only releases the connection (see sendOn).
    core.tryRelease();
    recordIgnoredCall(core, "close", args);
    return;
  }
  if (core.state !== "accepted") throw createWebSocketError("NotAccepted");
  core.enqueue({ kind: "close", code: code ?? 1005, reason: reason ?? "" });
}

/** Creates the socket object of a pair end over `transport`. */
export function createPairEnd(transport: Transport): WebSocket {
  return constructExposed(WebSocket, [kInternal as unknown as string, transport as unknown as string]);
}

/** Internal: the native half of a WebSocket. */
export function socketCore(ws: WebSocket): SocketCore {
  return coreOf(ws);
}

/** A real WebSocket (one this package made), whatever its prototype chain says. */
export function isWebSocket(value: unknown): value is WebSocket {
  return hasWebSocketBrand(value);
}

/**
 * A socket's readyState for test tools (matchers, snapshots): readable from anywhere, while
 * `ws.readyState` from outside the socket's request throws, as in workerd.
 */
export function readyStateOf(ws: WebSocket): number {
  const elsewhere = socketElsewhere(ws);
  if (elsewhere !== undefined) return elsewhere.readyState();
  if (!hasWebSocketBrand(ws)) {
    throw new TypeError(`readyStateOf() needs a WebSocket created by workers-ws, got ${typeof ws}.`);
  }
  return coreOf(ws).readyState;
}

function brandCheck(value: unknown): void {
  if (hasWebSocketBrand(value)) return;
  const elsewhere = socketElsewhere(value);
  if (elsewhere !== undefined) {
    // A page's socket given to the Workers API: name the mix-up rather than "Illegal invocation".
    throw new TypeError(
      `workers-ws: ${elsewhere.description} was used where the Workers WebSocket is expected. Worker code gets its sockets from WebSocketPair (or the Workers new WebSocket(url)); a page's socket stays in the page.`,
    );
  }
  illegalInvocation();
}

/** Internal: records what the server chose during a client handshake (protocol, extensions). */
export function setNegotiated(ws: WebSocket, protocol: string | null, extensions: string | null): void {
  setNegotiatedFn(ws, protocol, extensions);
}

function runtimeContextOf(ws: WebSocket): RuntimeContext {
  // EventTarget captured the active context in its constructor.
  return targetContext(ws);
}

/**
 * accept(options): undefined and null mean none; any other object is an AcceptOptions dictionary
 * whose allowHalfOpen goes through ToBoolean; primitives are a TypeError.
 */
function readAcceptOptions(options: unknown): boolean | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object" && typeof options !== "function") {
    throw createWebSocketError("AcceptOptionsType");
  }
  const value = (options as { allowHalfOpen?: unknown }).allowHalfOpen;
  return value === undefined ? undefined : Boolean(value);
}

/** Before 2022-01-31 (workers_api_getters_setters_on_instance) the accessors were own properties. */
function defineInstanceAccessors(ws: WebSocket): void {
  const proto = WebSocket.prototype;
  for (const key of ["readyState", "url", "protocol", "extensions", "binaryType"] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
    const set = descriptor.set ?? readOnlySetter(key);
    Object.defineProperty(ws, key, { ...descriptor, set, enumerable: true, configurable: true });
  }
}

/** The events a WebSocket dispatches, for typed addEventListener calls. */
export interface WebSocketEventMap {
  message: import("../events/message-event.js").MessageEvent;
  close: import("../events/close-event.js").CloseEvent;
  error: import("../events/error-event.js").ErrorEvent;
  open: import("../events/event.js").Event;
}

type Listener<E> = ((event: E) => unknown) | { handleEvent(event: E): unknown };

// Declaration merging: typed overloads for the listener methods WebSocket inherits; every member
// here is implemented by EventTarget or read through reflection (on<type>).
export interface WebSocket {
  addEventListener<K extends keyof WebSocketEventMap>(
    type: K,
    listener: Listener<WebSocketEventMap[K]> | null,
    options?: boolean | import("../events/event-target.js").AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: Listener<import("../events/event.js").Event> | null,
    options?: boolean | import("../events/event-target.js").AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof WebSocketEventMap>(
    type: K,
    listener: Listener<WebSocketEventMap[K]> | null,
    options?: boolean | { capture?: boolean },
  ): void;
  removeEventListener(
    type: string,
    listener: Listener<import("../events/event.js").Event> | null,
    options?: boolean | { capture?: boolean },
  ): void;
  onmessage?: ((event: WebSocketEventMap["message"]) => unknown) | null;
  onclose?: ((event: WebSocketEventMap["close"]) => unknown) | null;
  onerror?: ((event: WebSocketEventMap["error"]) => unknown) | null;
  onopen?: ((event: WebSocketEventMap["open"]) => unknown) | null;
}
