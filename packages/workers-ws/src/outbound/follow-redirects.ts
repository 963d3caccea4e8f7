/**
 * fetch()'s redirects, followed in one place above the outbound layers, as workerd follows them
 * for the global fetch and for service bindings alike (http.c++ handleHttpResponse and
 * handleHttpRedirectResponse; observed: conformance 34-redirects). Every hop is a new request that
 * asks the layers again, routes first and then the network with its policy, so a redirect can
 * never reach what a direct request could not; each layer is asked with redirect "manual", so
 * nothing below follows a redirect by itself.
 *
 * The rules, workerd's:
 * - 301, 302, 303, 307 and 308 with a Location are followed (upgrade requests too); any other
 *   status, or one without Location, is the answer. redirect: "manual" returns the 3xx itself.
 * - Location is resolved against the current URL; one that does not parse is a TypeError.
 * - At most 20 redirects: the 21st is a TypeError listing the URLs fetched.
 * - From 2025-09-01 (strip_authorization_on_cross_origin_redirect) a redirect to another origin
 *   drops Authorization.
 * - A body from a stream cannot be sent again: any redirect but 303 is then a TypeError.
 * - 301 and 302 turn POST into GET, 303 turns everything but HEAD into GET; the body is dropped
 *   (its headers, Content-Type included, are kept). Other redirects send the same body again.
 * - An aborted signal stops the chain before the next hop, with the signal's reason.
 * - The final Response's `url` is the last URL (without fragment) and `redirected` says whether
 *   any redirect was followed. The Location's scheme is not checked: the hop goes to whatever
 *   answers that URL.
 */

import type { CompatSettings } from "../compat/settings.js";
import { createWebSocketError } from "../errors/catalogue.js";
import { asFetchedResponse } from "../response/response.js";
import { hopBodyInit, NO_BODY, type OutboundBody, takeBody } from "./request-body.js";

/** Sends one hop: `redirectedFrom` is the URL whose redirect led here (undefined for the first). */
export type SendHop = (hop: Request, redirectedFrom: string | undefined) => Promise<Response>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

export async function fetchFollowingRedirects(
  settings: CompatSettings,
  request: Request,
  send: SendHop,
): Promise<Response> {
  const follow = request.redirect !== "manual";
  const headers = new Headers(request.headers);
  headers.delete("content-length"); // each hop states its own body's length
  let method = request.method;
  let body: OutboundBody = await takeBody(request);
  const urls = [withoutFragment(request.url)];
  for (;;) {
    const url = urls[urls.length - 1] as string;
    // workerd checks the request's signal before every hop and rejects with its reason.
    if (request.signal.aborted) throw request.signal.reason;
    const response = await send(
      hopRequest(url, method, headers, body, request.signal),
      urls[urls.length - 2],
    );
    const location =
      follow && REDIRECT_STATUSES.has(response.status) ? response.headers.get("location") : null;
    if (location === null) {
      const fetched = asFetchedResponse(response, { url, redirected: urls.length > 1, method });
      return fetched as unknown as globalThis.Response;
    }
    // workerd reads the redirect's body to its end before it follows.
    await response.body?.cancel().catch(() => undefined);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw createWebSocketError("RedirectInvalidLocation");
    }
    if (urls.length - 1 >= MAX_REDIRECTS) throw createWebSocketError("RedirectTooMany", urls.join(", "));
    if (settings.stripAuthorizationOnCrossOriginRedirect && new URL(url).origin !== next.origin) {
      headers.delete("authorization");
    }
    const status = response.status;
    if (status !== 303 && body.kind === "stream") throw createWebSocketError("RedirectOneTimeBody");
    if (((status === 301 || status === 302) && method === "POST") || (status === 303 && method !== "HEAD")) {
      method = "GET";
      body = NO_BODY;
    }
    urls.push(withoutFragment(next.href));
  }
}

function hopRequest(
  url: string,
  method: string,
  headers: Headers,
  body: OutboundBody,
  signal: AbortSignal,
): Request {
  const init = hopBodyInit(body);
  const hopHeaders = new Headers(headers);
  if (init.contentLength !== null) hopHeaders.set("content-length", init.contentLength);
  return new Request(url, {
    method,
    headers: hopHeaders,
    body: init.body,
    redirect: "manual",
    signal,
    // Node's Request needs this for a stream body (the Fetch standard's half-duplex upload).
    ...(init.body ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** workerd sends a URL without its fragment, and reports the response URL without it. */
function withoutFragment(href: string): string {
  const url = new URL(href);
  url.hash = "";
  return url.href;
}
