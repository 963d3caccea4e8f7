/**
 * A happy-dom page as the runtime's browser room sees it (workers-ws PageRealm): the window's own
 * classes, and the page's origin, user agent and cookie jar (its browser context's, HttpOnly
 * cookies included, as a browser sends them).
 */
import type { BrowserPage, BrowserWindow } from "happy-dom";
import type { PageRealm } from "workers-ws";
import type { HappyDomModules } from "./load-happy-dom.js";

export function happyDomRealm(
  page: BrowserPage,
  { CookieStringUtility }: Pick<HappyDomModules, "CookieStringUtility">,
): PageRealm {
  const window = page.mainFrame.window as BrowserWindow;
  const cookies = page.context.cookieContainer;
  const w = window as unknown as Record<string, unknown>;
  return {
    EventTarget: w.EventTarget as PageRealm["EventTarget"],
    Event: w.Event as PageRealm["Event"],
    MessageEvent: w.MessageEvent as PageRealm["MessageEvent"],
    CloseEvent: w.CloseEvent as PageRealm["CloseEvent"],
    Blob: w.Blob as PageRealm["Blob"],
    DOMException: w.DOMException as PageRealm["DOMException"],
    ArrayBuffer: (w.ArrayBuffer as ArrayBufferConstructor | undefined) ?? ArrayBuffer,
    baseUrl: () => window.document.baseURI,
    origin: () => window.location.origin,
    userAgent: () => window.navigator.userAgent,
    cookieHeader: (url) => CookieStringUtility.cookiesToString(cookies.getCookies(url, false)),
    storeCookies(url, setCookies) {
      for (const text of setCookies) {
        const cookie = CookieStringUtility.stringToCookie(url, text);
        if (cookie) cookies.addCookies([cookie]);
      }
    },
  };
}
