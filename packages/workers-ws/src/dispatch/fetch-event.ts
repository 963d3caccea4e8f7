/**
 * The event a service-worker syntax Worker's `addEventListener("fetch", …)` listeners receive, with
 * workerd's semantics (observed: conformance 37-service-worker):
 * - `type` "fetch", not cancelable, `request` the incoming Request;
 * - `respondWith(r)` takes a Response or a promise of one; anything else is a TypeError, a second
 *   call an InvalidStateError. Only a call made while the listeners run counts: one made later
 *   (in a microtask) returns without an error and is ignored;
 * - `waitUntil()` and `passThroughOnException()` are the request's ExecutionContext's.
 */
import { createWebSocketError } from "../errors/catalogue.js";
import { Event } from "../events/event.js";
import type { ExecutionContext } from "./execution-context.js";

let settle: (event: FetchEvent) => { responded: boolean; response: unknown };
let responded: (event: FetchEvent) => boolean;

export class FetchEvent extends Event {
  readonly #request: Request;
  readonly #ctx: ExecutionContext;
  #responded = false;
  #response: unknown;
  /** Set once the listeners have returned: later respondWith() calls are ignored. */
  #settled = false;

  /** Made by the runtime for each request (workerd exposes no way to construct a useful one). */
  constructor(request: Request, ctx: ExecutionContext) {
    super("fetch");
    this.#request = request;
    this.#ctx = ctx;
  }

  static {
    responded = (event) => event.#responded;
    settle = (event) => {
      event.#settled = true;
      return { responded: event.#responded, response: event.#response };
    };
  }

  get request(): Request {
    return this.#request;
  }

  respondWith(response: unknown): void {
    const isPromiseLike =
      (typeof response === "object" || typeof response === "function") &&
      response !== null &&
      (response instanceof Promise ||
        typeof (response as { then?: unknown }).then === "function" ||
        isResponseLike(response));
    if (!isPromiseLike) throw createWebSocketError("RespondWithType");
    if (this.#responded) throw createWebSocketError("RespondWithTwice");
    if (this.#settled) return;
    this.#responded = true;
    this.#response = response;
  }

  waitUntil(promise: unknown): void {
    this.#ctx.waitUntil(promise);
  }

  passThroughOnException(): void {
    this.#ctx.passThroughOnException();
  }
}

/** Ends the listeners' turn: whether respondWith() was called, and with what. */
export function settleFetchEvent(event: FetchEvent): { responded: boolean; response: unknown } {
  return settle(event);
}

/** Whether respondWith() has been called so far. */
export function hasResponded(event: FetchEvent): boolean {
  return responded(event);
}

function isResponseLike(value: object): boolean {
  return (
    typeof (value as { status?: unknown }).status === "number" &&
    (value as { headers?: unknown }).headers instanceof Headers
  );
}
