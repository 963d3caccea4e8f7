/**
 * The `fetch` global the runtime installs: requests go through the runtime's outbound layers
 * (outbound-layers.ts), so a routed URL reaches its Worker in memory, from a test or from Worker
 * code, and an unrouted one goes to the network layer if one is installed, else rejects with
 * UnroutedRequestError. Node's own fetch is kept (hostFetch) for layers that use the network.
 */
import { createWebSocketError } from "../errors/catalogue.js";
import { asRuntimeResponse } from "../response/response.js";
import { activeContext } from "../runtime/context.js";
import { nodeRequestClass } from "../runtime/node-web-classes.js";
import { outboundFetch } from "./outbound-layers.js";

type RequestInput = ConstructorParameters<typeof globalThis.Request>[0];

// Named so that `fetch.name` reads "fetch", as the global does in workerd.
const routedFetch = {
  fetch(input: RequestInput, init?: RequestInit): Promise<Response> {
    const context = activeContext();
    let request: Request;
    try {
      request = new (nodeRequestClass())(input, redirectModeChecked(init));
    } catch (error) {
      return Promise.reject(error);
    }
    // workerd: only "follow" and "manual" exist (input Requests from Node's class may say "error").
    if (request.redirect === "error") return Promise.reject(createWebSocketError("FetchRedirectMode"));
    // workerd (fetch_refuses_unknown_protocols): only http: and https: can be fetched; ws: and
    // wss: go through new WebSocket(url) (observed: conformance 32-dispatch).
    const scheme = new URL(request.url).protocol;
    if (scheme !== "http:" && scheme !== "https:") {
      return Promise.reject(createWebSocketError("FetchUnknownProtocol", request.url));
    }
    // workerd: what fetch() resolves with is a Workers Response (webSocket null unless upgraded),
    // also when the network layer's undici answered it.
    return outboundFetch(context, request).then(
      (response) => asRuntimeResponse(response) as unknown as Response,
    );
  },
}.fetch;

/**
 * workerd's Request reads `redirect` case-insensitively and refuses anything but "follow" and
 * "manual" ("error" included) with its own TypeError; the fetch() promise rejects with it.
 */
function redirectModeChecked(init: RequestInit | undefined): RequestInit | undefined {
  if (init === undefined || init === null || typeof init !== "object" || init.redirect === undefined) {
    return init;
  }
  const mode = String(init.redirect).toLowerCase();
  if (mode !== "follow" && mode !== "manual") throw createWebSocketError("FetchRedirectMode");
  if (init.redirect === mode) return init;
  // Node's Request knows only the lower-case spelling; the other members are read as given.
  return Object.create(init, { redirect: { value: mode, enumerable: true } }) as RequestInit;
}

export { routedFetch as fetch };
