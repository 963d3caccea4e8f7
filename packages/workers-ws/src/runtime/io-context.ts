/**
 * Which request an I/O object belongs to. workerd ties every I/O object (a WebSocket, a stream) to
 * the IoContext of the request whose handler made it; touching its I/O from another request's
 * handler throws "Cannot perform I/O on behalf of a different request" (observed: conformance
 * 36-request-context; readyState, bufferedAmount, accept(), send() and close() throw, while url,
 * protocol, binaryType, the listener methods and the attachment do not). Its events run in that
 * request's context too.
 *
 * Here a request is one handler invocation (dispatchFetch, a routed fetch or WebSocket, a request
 * to serve()); code outside any handler (a test body) is one more context of its own. The current
 * context follows async work through AsyncLocalStorage, as workerd's follows the request's
 * promises and timers.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createWebSocketError } from "../errors/catalogue.js";

/** One request's I/O context, or several requests' when they share one (a Durable Object's). */
export class IoContext {
  readonly #brand = true;

  /**
   * Runs `fn` as code of this context (a test tool: say, to advance fake timers whose callbacks
   * belong to the Worker's requests, or to use a socket those requests made). Returns its result.
   */
  run<R>(fn: () => R): R {
    if (typeof fn !== "function") {
      throw new TypeError(`workers-ws: ioContext.run(fn) needs a function, got ${typeof fn}.`);
    }
    return runInIoContext(this, fn);
  }

  /** Whether `value` was made by createIoContext() (or by the runtime for a request). */
  static isIoContext(value: unknown): value is IoContext {
    return typeof value === "object" && value !== null && #brand in value;
  }
}

/** Code outside any request handler: the test body, a setup hook, module scope. */
const OUTSIDE_ANY_REQUEST = new IoContext();

const storage = new AsyncLocalStorage<IoContext>();

/** The context the running code belongs to. */
export function currentIoContext(): IoContext {
  return storage.getStore() ?? OUTSIDE_ANY_REQUEST;
}

/**
 * Runs `fn(...args)` in `context`: what it makes belongs there, and the async work it starts stays
 * there. No AsyncLocalStorage entry is made when `context` is already current, so code that never
 * dispatches a request never pays for context tracking.
 */
export function runInIoContext<A extends unknown[], R>(
  context: IoContext,
  fn: (...args: A) => R,
  ...args: A
): R {
  if (currentIoContext() === context) return fn(...args);
  return storage.run(context, fn, ...args);
}

/**
 * Whether `context` is the one of code outside any request handler (the test body). No Durable
 * Object instance runs there, so nothing evicts it.
 */
export function isOutsideAnyRequest(context: IoContext): boolean {
  return context === OUTSIDE_ANY_REQUEST;
}

/** workerd: I/O on an object of another request's context throws (an Error, not a TypeError). */
export function assertSameIoContext(owner: IoContext): void {
  if (currentIoContext() !== owner) throw createWebSocketError("CrossRequestIo");
}

/**
 * A context to share between requests: every request dispatched with it runs in it, as workerd
 * runs every request to one Durable Object instance in that object's one IoContext.
 */
export function createIoContext(): IoContext {
  return new IoContext();
}

const aborted = new WeakSet<IoContext>();

/**
 * Ends a context as workerd aborts an IoContext (the hibernation event timeout, a Durable Object
 * instance evicted or reset): the timers its code set no longer fire (runtime/context-timers.ts)
 * and its sockets' listeners no longer run (websocket/socket-core.ts). Its other pending work
 * cannot be stopped in Node; the objects that own its I/O move elsewhere.
 */
export function abortIoContext(context: IoContext): void {
  if (context !== OUTSIDE_ANY_REQUEST) aborted.add(context);
}

export function isIoContextAborted(context: IoContext): boolean {
  return aborted.has(context);
}
