/**
 * happy-dom loads a parser-inserted classic `<script src>` with a synchronous request (the parser
 * waits for it, as a browser's does), but a routed Worker answers asynchronously. So before a
 * document is parsed, the scripts it names that a route answers are fetched from their Workers,
 * and the synchronous request takes the answer from here. Scripts added later by script code load
 * asynchronously and need none of this.
 */
import type { BrowserWindow, ISyncResponse } from "happy-dom";
import { fetchFromPage, isRoutedForPage, type PageRealm, type PageResponse, type Runtime } from "workers-ws";

export class RoutedScriptPreload {
  readonly #answers = new Map<string, PageResponse>();

  /** Fetches the routed scripts `html` names (resolved against `url` and any `<base href>`). */
  async preload(
    window: BrowserWindow,
    runtime: Runtime,
    realm: PageRealm,
    html: string,
    url: string,
  ): Promise<void> {
    const parsed = new window.DOMParser().parseFromString(html, "text/html");
    const base = new URL(parsed.querySelector("base[href]")?.getAttribute("href") ?? url, url);
    const sources = [...parsed.querySelectorAll("script[src]")]
      .map((script) => new URL(script.getAttribute("src") as string, base).href)
      .filter((src) => isRoutedForPage(src, runtime));
    for (const src of new Set(sources)) {
      const answer = await fetchFromPage(realm, runtime, {
        url: src,
        method: "GET",
        headers: [["Accept", "*/*"]],
        body: null,
        credentials: "same-origin",
        redirect: "follow",
      });
      this.#answers.set(src, answer);
    }
  }

  /** The preloaded answer for a synchronous request to `url`, once. */
  take(window: BrowserWindow, url: string): ISyncResponse | undefined {
    const answer = this.#answers.get(url);
    if (answer === undefined) return undefined;
    this.#answers.delete(url);
    return {
      status: answer.status,
      statusText: answer.statusText,
      ok: answer.status >= 200 && answer.status < 300,
      url: answer.url,
      redirected: answer.redirected,
      headers: new window.Headers([...answer.headers]),
      body: answer.body === null ? null : Buffer.from(answer.body),
    };
  }
}
