/**
 * DurableObjectState, the `ctx` an object's constructor receives: id, storage, props, waitUntil,
 * blockConcurrencyWhile and abort. The hibernation calls (acceptWebSocket, getWebSockets, …)
 * delegate to the object's HibernationManager (hibernation/, another room).
 */
import { createWebSocketError } from "../errors/catalogue.js";
import { illegalInvocation } from "../webidl/brand-check.js";
import type { WebSocket } from "../websocket/websocket.js";
import type { HibernationManager } from "./hibernation/hibernation-manager.js";
import type { WebSocketRequestResponsePair } from "./hibernation/request-response-pair.js";
import type { DurableObjectId } from "./id.js";
import type { DurableObjectStorage } from "./storage/durable-object-storage.js";

/** What the state asks of the instance it belongs to (object-slot.ts). */
export interface StateHost {
  /** Holds the object's incoming calls until `work` settles; a rejection resets the object. */
  blockWhile(work: Promise<unknown>): void;
  /** workerd ctx.waitUntil(): kept alive; a rejection is logged. */
  keepAlive(promise: Promise<unknown>): void;
  /** workerd ctx.abort(reason): resets the object, then stops the calling code. */
  abort(reason: unknown): never;
  /** The object's HibernationManager (kept across evictions; hibernation/). */
  hibernation(): HibernationManager;
}

let hostOf: (state: DurableObjectState) => StateHost;
let isState: (value: unknown) => value is DurableObjectState;

export class DurableObjectState {
  readonly #host: StateHost;
  declare readonly id: DurableObjectId;
  declare readonly storage: DurableObjectStorage;
  declare readonly props: Record<string, unknown>;

  /** @internal Made by the object slot for each instance. */
  constructor(host: StateHost, id: DurableObjectId, storage: DurableObjectStorage) {
    this.#host = host;
    // workerd: own enumerable data properties (observed Object.keys(ctx) lists storage, id, props).
    for (const [key, value] of [
      ["storage", storage],
      ["id", id],
      ["props", {}],
    ] as const) {
      Object.defineProperty(this, key, { value, enumerable: true, configurable: true });
    }
  }

  static {
    isState = (value): value is DurableObjectState =>
      typeof value === "object" && value !== null && #host in value;
    hostOf = (state) => {
      if (!(typeof state === "object" && state !== null && #host in state)) illegalInvocation();
      return state.#host;
    };
  }

  waitUntil(...args: [promise: unknown]): void {
    const host = hostOf(this);
    if ((args as unknown[]).length === 0 || args[0] === undefined) {
      throw createWebSocketError("ArgumentType", "waitUntil", "DurableObjectState", 1, "Promise");
    }
    host.keepAlive(Promise.resolve(args[0]));
  }

  /**
   * Runs `callback` and holds every other incoming request, RPC call and event of this object
   * until its promise settles. Resolves with its result. workerd: a rejection resets the object
   * (observed: pending callers reject with the error, marked durableObjectReset).
   */
  blockConcurrencyWhile<R>(...args: [callback: () => R | Promise<R>]): Promise<R> {
    const host = hostOf(this);
    const callback = args[0];
    if (typeof callback !== "function") {
      throw createWebSocketError(
        "ArgumentType",
        "blockConcurrencyWhile",
        "DurableObjectState",
        1,
        "function",
      );
    }
    let work: Promise<R>;
    try {
      work = Promise.resolve(callback());
    } catch (error) {
      work = Promise.reject(error);
    }
    host.blockWhile(work);
    return work;
  }

  /**
   * Resets the object: every pending and later call made through a stub that reached this
   * instance rejects with Error(reason), marked durableObjectReset; a new stub reaches a fresh
   * instance. workerd also ends the calling code at once, uncatchably; here abort() throws that
   * error, so code after it does not run unless the object catches it.
   */
  abort(reason?: unknown): never {
    return hostOf(this).abort(reason);
  }

  // The Hibernation API: argument checks and errors are the manager's (workerd api/actor-state.c++).
  // Rest parameters: workerd's methods report a `length` of 0.

  acceptWebSocket(...args: [ws: WebSocket, tags?: string[]]): void {
    hostOf(this)
      .hibernation()
      .acceptWebSocket(...args);
  }

  getWebSockets(...args: [tag?: string]): WebSocket[] {
    return hostOf(this)
      .hibernation()
      .getWebSockets(...args);
  }

  getTags(...args: [ws: WebSocket]): string[] {
    return hostOf(this)
      .hibernation()
      .getTags(...args);
  }

  setWebSocketAutoResponse(...args: [pair?: WebSocketRequestResponsePair]): void {
    hostOf(this)
      .hibernation()
      .setWebSocketAutoResponse(...args);
  }

  getWebSocketAutoResponse(): WebSocketRequestResponsePair | null {
    return hostOf(this).hibernation().getWebSocketAutoResponse();
  }

  getWebSocketAutoResponseTimestamp(...args: [ws: WebSocket]): Date | null {
    return hostOf(this)
      .hibernation()
      .getWebSocketAutoResponseTimestamp(...args);
  }

  setHibernatableWebSocketEventTimeout(...args: [timeoutMs?: number]): void {
    hostOf(this)
      .hibernation()
      .setHibernatableWebSocketEventTimeout(...args);
  }

  getHibernatableWebSocketEventTimeout(): number | null {
    return hostOf(this).hibernation().getHibernatableWebSocketEventTimeout();
  }
}

export function isDurableObjectState(value: unknown): value is DurableObjectState {
  return isState(value);
}

Object.defineProperty(DurableObjectState.prototype, Symbol.toStringTag, {
  value: "DurableObjectState",
  configurable: true,
});
