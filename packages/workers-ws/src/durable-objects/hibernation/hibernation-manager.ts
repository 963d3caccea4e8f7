import { createWebSocketError } from "../../errors/catalogue.js";
import type { IoContext } from "../../runtime/io-context.js";
import { toDOMString, toUint32Checked } from "../../webidl/conversions.js";
import { constructExposed } from "../../webidl/require-new.js";
import { type HibernationHandlerName, recordAcceptWebSocket } from "../../websocket/transcript.js";
import { isWebSocket, socketCore, type WebSocket } from "../../websocket/websocket.js";
import { HibernatableSocket, type SocketOwner } from "./hibernatable-socket.js";
import { isRequestResponsePair, WebSocketRequestResponsePair } from "./request-response-pair.js";
import { convertTags, distinctTags } from "./tags.js";

/**
 * The Durable Object a HibernationManager belongs to, as the namespace implements it
 * (durable-objects/, helper do-core). The manager outlives the object's instances: one per id.
 */
export interface HibernationHost {
  /** The object's current IoContext (a fresh one after each eviction). */
  ioContext(): IoContext;
  /**
   * Calls `name(...args)` on the current instance, constructing one first if there is none
   * (constructor and any blockConcurrencyWhile finished first), inside ioContext(). Resolves when
   * the handler's result settles; "missing" when the class has no such method. A throw/rejection
   * is reported by the host as workerd logs an uncaught exception, never rejects this promise.
   * When an instance is in memory the handler must be called before callHandler returns, and
   * calls waiting for a construction must run in the order they were made: the manager relies on
   * both for workerd's delivery order.
   */
  callHandler(name: HibernationHandlerName, args: unknown[]): Promise<"called" | "missing">;
  /**
   * Optional: the event timeout expired while a handler ran. workerd aborts the IoContext the
   * handler runs in (global-scope.c++ eventTimeoutPromise: actor.shutdown): the handler's later
   * code and its timers never run, nothing is logged, the socket stays OPEN, and the next event
   * runs on the same instance (observed in workerd 2026-11-17: the constructor does not run again).
   * The host should move the instance to a fresh IoContext, abort the old one (abortIoContext():
   * its timers no longer fire) and report nothing more from it.
   */
  abortIoContext?(reason: Error): void;
  /** For transcripts and reports. */
  readonly label: { className: string; bindingName?: string; id: string };
}

/** workerd: the longest event timeout, 7 days (api/actor-state.c++). */
export const MAX_EVENT_TIMEOUT_MS = 604_800_000;
/** workerd io/legacy-hibernation-manager.h ACTIVE_CONNECTION_LIMIT. */
export const MAX_HIBERNATABLE_SOCKETS = 32_768;
/** workerd api/actor-state.c++ setWebSocketAutoResponse: maxRequestOrResponseSize. */
export const MAX_AUTO_RESPONSE_BYTES = 2048;

const encoder = new TextEncoder();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/**
 * The hibernatable sockets of one Durable Object and the DurableObjectState methods over them, with
 * workerd's argument conversions and errors (api/actor-state.c++ DurableObjectState and
 * io/legacy-hibernation-manager.c++). Methods take rest parameters so that a missing argument and
 * an explicit undefined can be told apart where jsg tells them apart.
 */
export class HibernationManager {
  readonly #host: HibernationHost;
  /** Accepted sockets, oldest first (getWebSockets() lists them newest first). */
  readonly #all = new Set<HibernatableSocket>();
  readonly #byTag = new Map<string, Set<HibernatableSocket>>();
  #autoResponse: { readonly request: string; readonly response: string } | undefined;
  #eventTimeout: number | undefined;
  readonly #owner: SocketOwner;

  constructor(host: HibernationHost) {
    if (typeof host !== "object" || host === null || typeof host.callHandler !== "function") {
      throw new TypeError("HibernationManager needs a HibernationHost (ioContext, callHandler, label).");
    }
    this.#host = host;
    const label = describeOwner(host.label);
    this.#owner = {
      label,
      hostLabel: host.label,
      ioContext: () => this.#host.ioContext(),
      autoResponse: () => this.#autoResponse,
      deliver: (name, args) => this.#deliver(name, args),
      drop: (socket) => this.#drop(socket),
    };
  }

  /** Whether `ws` is one of this object's hibernatable sockets (an eviction leaves those connected). */
  holds(ws: WebSocket): boolean {
    if (!isWebSocket(ws)) return false;
    const receiver = socketCore(ws).hibernation;
    return receiver instanceof HibernatableSocket && this.#all.has(receiver);
  }

  /** How many hibernatable sockets are still connected (eviction keeps them). */
  get size(): number {
    return this.#all.size;
  }

  acceptWebSocket(...args: unknown[]): void {
    const [ws, tagsArg] = args;
    if (!isWebSocket(ws)) {
      throw createWebSocketError("ArgumentType", "acceptWebSocket", "DurableObjectState", 1, "WebSocket");
    }
    const items = convertTags(tagsArg);
    const core = socketCore(ws);
    if (core.state === "accepted") throw createWebSocketError("AcceptWebSocketAlreadyAccepted");
    // workerd peerIsAwaitingCoupling(): the other end of its pair must still be unaccepted and
    // unreturned (a client socket or a caller's end has no such peer).
    if (core.peer === undefined || core.peer.state !== "awaiting") {
      throw createWebSocketError("AcceptWebSocketPeerNotAwaiting");
    }
    const tags = distinctTags(items);
    if (this.#all.size >= MAX_HIBERNATABLE_SOCKETS) throw createWebSocketError("TooManyHibernatableSockets");
    if (core.state !== "awaiting") throw createWebSocketError("HibernatableIncompatibleState");
    const socket = new HibernatableSocket(core, tags, this.#owner);
    this.#all.add(socket);
    for (const tag of tags) {
      let bucket = this.#byTag.get(tag);
      if (bucket === undefined) {
        bucket = new Set();
        this.#byTag.set(tag, bucket);
      }
      bucket.add(socket);
    }
    recordAcceptWebSocket(core, tags, this.#owner.label);
    core.acceptHibernatable(socket);
  }

  getWebSockets(...args: unknown[]): WebSocket[] {
    const [tagArg] = args;
    if (tagArg === undefined) {
      const result: WebSocket[] = [];
      for (const socket of this.#all) result.push(socket.socket);
      // workerd keeps allWs with push_front: newest first.
      return result.reverse();
    }
    // jsg Optional<kj::String>: null and numbers are converted ("null", "1").
    const bucket = this.#byTag.get(toDOMString(tagArg));
    const result: WebSocket[] = [];
    // A tag's kj::List is appended to: oldest first.
    if (bucket !== undefined) for (const socket of bucket) result.push(socket.socket);
    return result;
  }

  getTags(...args: unknown[]): string[] {
    const [ws] = args;
    if (!isWebSocket(ws)) {
      throw createWebSocketError("ArgumentType", "getTags", "DurableObjectState", 1, "WebSocket");
    }
    const core = socketCore(ws);
    if (core.state !== "accepted") throw createWebSocketError("TagsBeforeAcceptWebSocket");
    const receiver = core.hibernation;
    if (!(receiver instanceof HibernatableSocket)) throw createWebSocketError("TagsOfPlainSocket");
    return [...receiver.tags];
  }

  setWebSocketAutoResponse(...args: unknown[]): void {
    const [pair] = args;
    if (pair === undefined) {
      this.#autoResponse = undefined;
      return;
    }
    if (!isRequestResponsePair(pair)) {
      throw createWebSocketError(
        "ArgumentType",
        "setWebSocketAutoResponse",
        "DurableObjectState",
        1,
        "WebSocketRequestResponsePair",
      );
    }
    const { request, response } = pair;
    const requestBytes = encoder.encode(request).length;
    if (requestBytes > MAX_AUTO_RESPONSE_BYTES) {
      throw createWebSocketError("AutoResponseRequestTooLarge", requestBytes);
    }
    const responseBytes = encoder.encode(response).length;
    if (responseBytes > MAX_AUTO_RESPONSE_BYTES) {
      throw createWebSocketError("AutoResponseResponseTooLarge", responseBytes);
    }
    // Applies at once to every socket, those accepted before included (the read loops read it).
    this.#autoResponse = { request, response };
  }

  /** A new pair object each call (workerd constructs one from the stored strings). */
  getWebSocketAutoResponse(): WebSocketRequestResponsePair | null {
    const auto = this.#autoResponse;
    if (auto === undefined) return null;
    return constructExposed(WebSocketRequestResponsePair, [auto.request, auto.response]);
  }

  getWebSocketAutoResponseTimestamp(...args: unknown[]): Date | null {
    const [ws] = args;
    if (!isWebSocket(ws)) {
      throw createWebSocketError(
        "ArgumentType",
        "getWebSocketAutoResponseTimestamp",
        "DurableObjectState",
        1,
        "WebSocket",
      );
    }
    // Kept on the socket: it outlives clearing the auto-response and the socket's close.
    const receiver = socketCore(ws).hibernation;
    if (!(receiver instanceof HibernatableSocket) || receiver.autoResponseAt === undefined) return null;
    return new Date(receiver.autoResponseAt);
  }

  setHibernatableWebSocketEventTimeout(...args: unknown[]): void {
    const [value] = args;
    // jsg Optional<uint32_t>: undefined is absent; null converts to 0, which also unsets.
    const ms = value === undefined ? 0 : toUint32Checked(value);
    if (ms === 0) {
      this.#eventTimeout = undefined;
      return;
    }
    // The previous value stays when this throws.
    if (ms > MAX_EVENT_TIMEOUT_MS) throw createWebSocketError("EventTimeoutTooLong");
    this.#eventTimeout = ms;
  }

  getHibernatableWebSocketEventTimeout(): number | null {
    return this.#eventTimeout ?? null;
  }

  /**
   * One event to the object's handler. workerd puts the handler's promise in the event's
   * waitUntil (global-scope.c++ sendHibernatableWebSocketMessage), so the next event does not wait
   * for it; with an event timeout, a handler still running when it expires is cut off and the actor
   * shut down (setHibernatableEventTimeout). Here its promise is abandoned and the host asked to
   * abort its IoContext: its later code can still run in Node, but it no longer owns the socket's
   * I/O (the socket belongs to the fresh IoContext).
   */
  #deliver(name: HibernationHandlerName, args: unknown[]): void {
    const timeout = this.#eventTimeout;
    const settled = this.#host.callHandler(name, args);
    if (timeout === undefined) return;
    let done = false;
    const timer = realSetTimeout(() => {
      if (done) return;
      done = true;
      this.#host.abortIoContext?.(
        new Error("broken.dropped; jsg.Error: Actor exceeded event execution time and was disconnected."),
      );
    }, timeout);
    // A timer of its own must not keep the process alive once the test run is over.
    (timer as { unref?: () => void }).unref?.();
    void settled.then(
      () => {
        done = true;
        realClearTimeout(timer);
      },
      () => {
        done = true;
        realClearTimeout(timer);
      },
    );
  }

  #drop(socket: HibernatableSocket): void {
    this.#all.delete(socket);
    for (const tag of socket.tags) {
      const bucket = this.#byTag.get(tag);
      if (bucket === undefined) continue;
      bucket.delete(socket);
      if (bucket.size === 0) this.#byTag.delete(tag);
    }
  }
}

/** "ROOM (ChatRoom) <id>", or "ChatRoom <id>" without a binding name. */
function describeOwner(label: HibernationHost["label"]): string {
  const { className, bindingName, id } = label ?? ({} as HibernationHost["label"]);
  return bindingName ? `${bindingName} (${className}) ${id}` : `${className} ${id}`;
}

/** For matchers/reports: the tags and owner of a hibernatable socket, undefined for any other socket. */
export function hibernatableSocketInfo(
  ws: WebSocket,
): { tags: readonly string[]; owner: HibernationHost["label"] } | undefined {
  if (!isWebSocket(ws)) {
    throw new TypeError("hibernatableSocketInfo() needs a WebSocket created by workers-ws.");
  }
  const receiver = socketCore(ws).hibernation;
  if (!(receiver instanceof HibernatableSocket)) return undefined;
  return { tags: receiver.tags, owner: receiver.manager.hostLabel };
}
