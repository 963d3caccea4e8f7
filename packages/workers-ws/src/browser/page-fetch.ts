/**
 * A page's fetch() and XMLHttpRequest to a URL a route answers: the request a browser sends from
 * the page (its Origin on cross-origin requests and on same-origin ones that are not GET or HEAD,
 * its cookies as `credentials` allows, its User-Agent), through the runtime's outbound layers,
 * so the routed Worker's fetch handler answers it in memory. Set-Cookie goes to the page's cookie
 * store. A cross-origin answer without a matching Access-Control-Allow-Origin fails as Chromium
 * fails it ("Failed to fetch"); preflight requests are not modelled.
 */
import { outboundFetch } from "../outbound/outbound-layers.js";
import { isRoutedUrl } from "../outbound/worker-routes.js";
import type { RuntimeContext } from "../runtime/context.js";
import type { PageRealm } from "./page-realm.js";

export interface PageRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Iterable<[string, string]>;
  readonly body: Uint8Array | null;
  /** "omit", "same-origin" (the default) or "include". */
  readonly credentials: string;
  readonly redirect: string;
  /** "navigate" for the page's own document: no Origin, no CORS check (Fetch: a navigation request). */
  readonly mode?: string;
}

export interface PageResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly body: Uint8Array | null;
  readonly url: string;
  readonly redirected: boolean;
}

/** Whether a page's request to `url` is answered in memory (otherwise the page's network fetch sends it). */
export function isRoutedForPage(url: string, runtime: { readonly context: RuntimeContext }): boolean {
  return isRoutedUrl(url, runtime.context);
}

export async function fetchFromPage(
  realm: PageRealm,
  runtime: { readonly context: RuntimeContext },
  request: PageRequest,
): Promise<PageResponse> {
  const { context } = runtime;
  const target = new URL(request.url);
  const navigate = request.mode === "navigate";
  const origin = realm.origin();
  const crossOrigin = !navigate && target.origin !== origin;
  const headers = new Headers([...request.headers]);
  headers.delete("cookie");
  if (!navigate && (crossOrigin || (request.method !== "GET" && request.method !== "HEAD"))) {
    headers.set("Origin", origin);
  }
  if (!headers.has("user-agent")) headers.set("User-Agent", realm.userAgent());
  if (!headers.has("accept")) headers.set("Accept", "*/*");
  const sendCookies = request.credentials === "include" || (request.credentials !== "omit" && !crossOrigin);
  const cookie = sendCookies ? realm.cookieHeader(target) : "";
  if (cookie !== "") headers.set("Cookie", cookie);
  const response = await outboundFetch(
    context,
    new Request(target.href, {
      method: request.method,
      headers,
      body: request.body,
      redirect: request.redirect === "manual" ? "manual" : "follow",
    }),
  );
  if (sendCookies) {
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) realm.storeCookies(new URL(response.url || target.href), setCookies);
  }
  if (crossOrigin && !corsAllows(response.headers, origin, request.credentials === "include")) {
    // Chromium's message; the reason goes to the console there, and to this error's cause here.
    throw new TypeError("Failed to fetch", {
      cause: `workers-ws: ${target.origin} answered the cross-origin request from ${origin} without a matching Access-Control-Allow-Origin header.`,
    });
  }
  const body = response.body === null ? null : new Uint8Array(await response.arrayBuffer());
  const outHeaders = new Headers(response.headers);
  // Scripts never see Set-Cookie (Fetch: a forbidden response header name).
  outHeaders.delete("set-cookie");
  return {
    status: response.status,
    statusText: response.statusText,
    headers: outHeaders,
    body,
    url: response.url || target.href,
    redirected: response.redirected,
  };
}

function corsAllows(headers: Headers, origin: string, withCredentials: boolean): boolean {
  const allowed = headers.get("access-control-allow-origin");
  if (allowed === null) return false;
  if (allowed === "*") return !withCredentials;
  if (allowed !== origin) return false;
  return !withCredentials || headers.get("access-control-allow-credentials") === "true";
}
