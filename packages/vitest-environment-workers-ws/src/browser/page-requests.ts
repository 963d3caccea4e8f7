/**
 * The fetch interceptor of a page's browser: a request from the page (fetch(), XMLHttpRequest, a
 * script or stylesheet it loads, the page itself) to a URL a route answers goes to that Worker in
 * memory (workers-ws fetchFromPage); any other URL goes on to happy-dom's own network fetch.
 */
import type { BrowserWindow, IFetchInterceptor } from "happy-dom";
import { fetchFromPage, isRoutedForPage, type PageRealm, type Runtime } from "workers-ws";
import type { RoutedScriptPreload } from "./routed-script-preload.js";

type HappyRequest = Parameters<NonNullable<IFetchInterceptor["beforeAsyncRequest"]>>[0]["request"];

export function routedPageInterceptor(
  runtime: Runtime,
  realmOf: () => PageRealm,
  scripts: RoutedScriptPreload,
): IFetchInterceptor {
  return {
    async beforeAsyncRequest({ request, window }) {
      if (!isRoutedForPage(request.url, runtime)) return undefined;
      const body = request.method === "GET" || request.method === "HEAD" ? null : await bodyOf(request);
      const answer = await fetchFromPage(realmOf(), runtime, {
        url: request.url,
        method: request.method,
        headers: [...(request.headers as unknown as Iterable<[string, string]>)],
        body,
        credentials: request.credentials,
        redirect: request.redirect,
      });
      const Response = (window as BrowserWindow).Response;
      const nullBody = answer.status === 204 || answer.status === 205 || answer.status === 304;
      const response = new Response(nullBody ? null : (answer.body ?? null), {
        status: answer.status === 101 ? 200 : answer.status,
        statusText: answer.statusText,
        headers: [...answer.headers],
      });
      // Read-only in browsers; happy-dom keeps them as plain fields.
      Object.assign(response, { url: answer.url, redirected: answer.redirected });
      return response;
    },
    beforeSyncRequest({ request, window }) {
      if (!isRoutedForPage(request.url, runtime)) return undefined;
      const preloaded = scripts.take(window as BrowserWindow, request.url);
      if (preloaded !== undefined) return preloaded;
      // A Worker answers asynchronously; a synchronous XMLHttpRequest cannot wait for it here.
      throw new TypeError(
        `workers-ws: a synchronous XMLHttpRequest to ${request.url} cannot reach the Worker routed there in memory; use an asynchronous request (fetch(), or xhr.open(method, url, true)).`,
      );
    },
  };
}

async function bodyOf(request: HappyRequest): Promise<Uint8Array | null> {
  if (request.body === null) return null;
  return new Uint8Array(await request.arrayBuffer());
}
