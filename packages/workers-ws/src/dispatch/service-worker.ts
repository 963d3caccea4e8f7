/**
 * Service-worker syntax Workers: a script that calls `addEventListener("fetch", listener)` when
 * it is evaluated, the format workerd still runs (`serviceWorkerScript` in its config) and older
 * templates use. `serviceWorker(load)` turns such a script into a module Worker that
 * dispatchFetch, routeWorker, the `routes` option and serve() take: `load` evaluates the script
 * (`() => import("./worker.js")`) while a global `addEventListener` collects its listeners.
 *
 * What a request then does, as observed in workerd (conformance 37-service-worker):
 * - the "fetch" listeners run in order with one FetchEvent, until one of them calls respondWith();
 *   later listeners do not run;
 * - a listener that throws fails the request with its exception, even after respondWith();
 *   with passThroughOnException() the request goes on to the origin instead;
 * - no respondWith() while the listeners run: the request goes on to the origin;
 * - respondWith(promise) resolving to anything but a Response: the caller gets workerd's TypeError.
 * The origin is what lies behind the Worker: here the network layer (the `network` option), never
 * the in-memory routes, which would lead back to Workers. workerd's caller sees a failed origin
 * request as "internal error; reference = …" (after passThroughOnException: a 500 with no body);
 * the cause is logged where the runtime's uncaught errors go.
 */
import { createWebSocketError } from "../errors/catalogue.js";
import { originFetch } from "../outbound/outbound-layers.js";
import { Response } from "../response/response.js";
import { activeContext, type RuntimeContext } from "../runtime/context.js";
import { constructExposed } from "../webidl/require-new.js";
import type { ExecutionContext } from "./execution-context.js";
import { FetchEvent, hasResponded, settleFetchEvent } from "./fetch-event.js";
import { type ModuleWorker, WorkerShapeError } from "./worker-handler.js";

type Listener = ((event: FetchEvent) => unknown) | { handleEvent(event: FetchEvent): unknown };

/** The listeners a script registered, by event type. */
type Registrations = Map<string, Listener[]>;

/**
 * A module Worker that runs the service-worker script `load` evaluates. The script is loaded on
 * the first request (once; concurrent requests wait for the same load).
 */
export function serviceWorker(load: () => unknown): ModuleWorker {
  if (typeof load !== "function") {
    throw new TypeError(
      `workers-ws: serviceWorker(load) needs a function that evaluates the script, e.g. () => import("./worker.js"); got ${typeof load}.`,
    );
  }
  let loading: Promise<Listener[]> | undefined;
  return {
    fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<unknown> {
      loading ??= loadListeners(load);
      const context = activeContext();
      return loading.then((listeners) => handle(listeners, request, ctx, context));
    },
  };
}

/** Evaluates the script with a global addEventListener that records what it registers. */
async function loadListeners(load: () => unknown): Promise<Listener[]> {
  const registrations: Registrations = new Map();
  const restore = captureGlobalListeners(registrations);
  try {
    await load();
  } finally {
    restore();
  }
  const listeners = registrations.get("fetch") ?? [];
  if (listeners.length === 0) {
    throw new WorkerShapeError(
      'workers-ws: serviceWorker(load): the script registered no "fetch" listener with addEventListener(). A module runs only the first time it is imported: import it only through serviceWorker() (or call vi.resetModules() first).',
    );
  }
  return listeners;
}

/** Replaces globalThis.addEventListener/removeEventListener until the returned function runs. */
function captureGlobalListeners(registrations: Registrations): () => void {
  const target = globalThis as Record<string, unknown>;
  const saved = ["addEventListener", "removeEventListener"].map(
    (name) => [name, Object.getOwnPropertyDescriptor(target, name)] as const,
  );
  const define = (name: string, value: unknown) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  define("addEventListener", (type: unknown, listener: unknown) => {
    if (typeof listener !== "function" && !hasHandleEvent(listener)) return;
    const list = registrations.get(String(type)) ?? [];
    if (!list.includes(listener as Listener)) list.push(listener as Listener);
    registrations.set(String(type), list);
  });
  define("removeEventListener", (type: unknown, listener: unknown) => {
    const list = registrations.get(String(type));
    const at = list?.indexOf(listener as Listener) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
  });
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(target, name, descriptor);
      else delete target[name];
    }
  };
}

function hasHandleEvent(value: unknown): value is { handleEvent(event: FetchEvent): unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { handleEvent?: unknown }).handleEvent === "function"
  );
}

async function handle(
  listeners: Listener[],
  request: Request,
  ctx: ExecutionContext,
  context: RuntimeContext,
): Promise<unknown> {
  const event = new FetchEvent(request, ctx);
  let thrown: { readonly error: unknown } | undefined;
  for (const listener of listeners) {
    try {
      if (typeof listener === "function") listener.call(globalThis, event);
      else listener.handleEvent(event);
    } catch (error) {
      thrown = { error };
      break;
    }
    // workerd: once a listener has responded, the later ones do not run.
    if (hasResponded(event)) break;
  }
  const { responded, response } = settleFetchEvent(event);
  if (thrown) {
    if (!ctx.passesThroughOnException) throw thrown.error;
    context.reportUncaught(thrown.error);
    return toOrigin(request, context, "passThroughOnException");
  }
  if (!responded) return toOrigin(request, context, "noResponse");
  const value = await response;
  if (!isResponseLike(value)) throw createWebSocketError("HandlerResultNotResponse");
  return value;
}

/** The request goes on to the origin; a failure there is what workerd's caller sees of it. */
async function toOrigin(
  request: Request,
  context: RuntimeContext,
  why: "noResponse" | "passThroughOnException",
): Promise<unknown> {
  try {
    return await originFetch(context, request);
  } catch (error) {
    context.reportUncaught(error);
    if (why === "passThroughOnException") return constructExposed(Response, [null, { status: 500 }]);
    throw createWebSocketError("InternalError", internalErrorReference());
  }
}

/** A random id in the shape of workerd's references (24 lower-case letters and digits). */
function internalErrorReference(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}

function isResponseLike(value: unknown): value is globalThis.Response {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { status?: unknown }).status === "number" &&
    (value as { headers?: unknown }).headers instanceof Headers
  );
}
