// Lets a scenario act as the caller of a fetch handler: `await io.fetch(init, serve)` sends a
// request to this same worker, whose `/serve` route answers it with `serve(request)`. In workerd the
// request goes through a service binding to the worker itself (SELF); in the emulation through the
// runtime's routed fetch to a Worker routed under the host `self`. Both ends run in one isolate, so
// the handlers wait in a module-level map under a per-request id.
//
// A socket belongs to the request that created it (workerd refuses I/O on another request's
// objects), so a `serve` function handles its own sockets and the scenario only the caller's.

const handlers = new Map();
let nextId = 0;

/** The origin the serve requests go to (workerd ignores it behind a service binding). */
export const SELF_ORIGIN = "http://self";
/** The origin of io.serviceWorker requests (the SW binding in workerd, a route in the emulation). */
export const SERVICE_WORKER_ORIGIN = "http://sw";

/** The `/serve` route: runs the handler the request's id names. */
export function serveRequest(request) {
  const id = new URL(request.url).searchParams.get("id");
  const serve = handlers.get(id);
  handlers.delete(id);
  if (typeof serve !== "function") return new Response(`no serve handler ${id}`, { status: 404 });
  return serve(request);
}

/**
 * The `io` a case receives:
 * - `serviceWorker(path, init)` resolves with what the service-worker syntax Worker answered;
 * - `fetch(init, serve)` resolves with the caller's Response;
 * - `webSocketUrl(serve)` is a ws:// URL whose upgrade request `serve` answers, for
 *   `new WebSocket(url)`. In workerd it is the worker's own loopback socket (`host`, reached through
 *   a global outbound that allows local addresses); in the emulation that host is routed in memory.
 */
export function createIo(fetchSelf, host, fetchServiceWorker) {
  return {
    /** A request to the service-worker syntax Worker (service-worker/fetch-listener.js). */
    serviceWorker(path, init) {
      return fetchServiceWorker(`${SERVICE_WORKER_ORIGIN}${path}`, init);
    },
    fetch(init, serve) {
      const id = String(nextId++);
      handlers.set(id, serve);
      return fetchSelf(`${SELF_ORIGIN}/serve?id=${id}`, init).finally(() => handlers.delete(id));
    },
    webSocketUrl(serve) {
      const id = String(nextId++);
      handlers.set(id, serve);
      return `ws://${host}/serve?id=${id}`;
    },
  };
}

/** The host the emulation routes for `io.webSocketUrl` (the port is normalised in traces). */
export const EMULATED_HOST = "127.0.0.1:8787";
