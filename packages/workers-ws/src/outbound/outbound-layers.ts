/**
 * Where outbound connections go. A Worker's (or a test's) `fetch()` and `new WebSocket(url)` ask
 * the layers of the runtime in order: first the in-memory routes (Workers registered under a URL
 * or host), then the network (only as far as the network option allows). A layer that does not
 * serve a URL answers `undefined`, and the next one is asked. When none serves it, the caller gets
 * an UnroutedRequestError naming both ways to make the URL reachable. fetch() follows redirects
 * above the layers (follow-redirects.ts), so every hop passes them again.
 */
import type { RuntimeContext } from "../runtime/context.js";
import type { ClientConnection, ClientConnectRequest } from "../websocket/client-connect.js";
import { fetchFollowingRedirects } from "./follow-redirects.js";

export interface OutboundLayer {
  /**
   * One hop of a plain or upgrade fetch, never followed further here (its `redirect` is "manual");
   * `undefined` when this layer does not serve `request.url`. `redirectedFrom` is the URL whose
   * redirect led to this hop, for messages.
   */
  fetch(request: Request, redirectedFrom?: string): Promise<Response> | undefined;
  /** The connection for `new WebSocket(url, protocols)`; `undefined` when not served here. */
  connect(request: ClientConnectRequest): Promise<ClientConnection> | undefined;
}

export type OutboundLayerName = "routes" | "network";

/**
 * Node's own fetch, captured before any runtime installs its routed `fetch` global: a layer that
 * goes over the network must call this one, since `globalThis.fetch` leads back to the layers.
 */
export const hostFetch: typeof globalThis.fetch = globalThis.fetch.bind(globalThis);

const ORDER: readonly OutboundLayerName[] = ["routes", "network"];
const layersByContext = new WeakMap<RuntimeContext, Map<OutboundLayerName, OutboundLayer>>();

/** Installs (or with `undefined`, removes) one layer of a runtime's outbound connections. */
export function setOutboundLayer(
  context: RuntimeContext,
  name: OutboundLayerName,
  layer: OutboundLayer | undefined,
): void {
  let layers = layersByContext.get(context);
  if (!layers) {
    layers = new Map();
    layersByContext.set(context, layers);
  }
  if (layer) layers.set(name, layer);
  else layers.delete(name);
}

/** No layer serves the URL: neither a route nor the network option reaches it. */
export class UnroutedRequestError extends Error {
  override name = "UnroutedRequestError";
  readonly url: string;
  /** The URL whose redirect led to `url`, when a redirect did. */
  readonly redirectedFrom: string | undefined;

  constructor(url: string, networkRefusal?: string, redirectedFrom?: string) {
    const reached = redirectedFrom === undefined ? "" : `, reached by a redirect from ${redirectedFrom}`;
    super(
      `workers-ws: nothing answers ${url}${reached}. Route it to a Worker in memory (the "routes" option or routeWorker()), ` +
        (networkRefusal ?? 'or allow it over the network with the "network" option.'),
    );
    this.url = url;
    this.redirectedFrom = redirectedFrom;
  }
}

function each<T>(context: RuntimeContext, ask: (layer: OutboundLayer) => T | undefined): T | undefined {
  const layers = layersByContext.get(context);
  if (!layers) return undefined;
  for (const name of ORDER) {
    const layer = layers.get(name);
    const answer = layer && ask(layer);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/** fetch() through the layers, following redirects (each hop asks the layers again). */
export function outboundFetch(context: RuntimeContext, request: Request): Promise<Response> {
  return fetchFollowingRedirects(
    context.settings,
    request,
    (hop, redirectedFrom) =>
      each(context, (layer) => layer.fetch(hop, redirectedFrom)) ??
      Promise.reject(new UnroutedRequestError(hop.url, undefined, redirectedFrom)),
  );
}

export function outboundConnect(
  context: RuntimeContext,
  request: ClientConnectRequest,
): Promise<ClientConnection> {
  return (
    each(context, (layer) => layer.connect(request)) ?? Promise.reject(new UnroutedRequestError(request.url))
  );
}

/**
 * The origin behind a Worker, where a service worker's request goes when no listener answers it:
 * the network layer only (the routes would lead back to Workers, as no origin does).
 */
export function originFetch(context: RuntimeContext, request: Request): Promise<Response> {
  return (
    layersByContext.get(context)?.get("network")?.fetch(request) ??
    Promise.reject(new UnroutedRequestError(request.url))
  );
}
