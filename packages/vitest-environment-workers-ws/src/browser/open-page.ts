/**
 * openPage(): a happy-dom page in a workers-ws test file. The page is a browser page: its
 * `WebSocket`, `fetch()` and `XMLHttpRequest` follow the browser's rules and reach the Workers
 * routed in the file's runtime in memory (workers-ws browser room), while the test's globals stay
 * the Workers ones. Each page has a browser of its own (its own cookie jar: two pages are two
 * users). Pages left open are closed at teardown and reported like sockets (leftover-pages.ts).
 */
import type { BrowserPage, BrowserWindow, IOptionalBrowserSettings } from "happy-dom";
import {
  createPageWebSocketClass,
  fetchFromPage,
  isRoutedForPage,
  pageSocketDisappear,
  type Runtime,
  settle,
} from "workers-ws";
import { currentFileRuntime } from "../current-runtime.js";
import { happyDomRealm } from "./happy-dom-realm.js";
import { loadHappyDom } from "./load-happy-dom.js";
import { checkPageOption } from "./page-option-check.js";
import { routedPageInterceptor } from "./page-requests.js";
import type { PageWebSocketConstructor } from "./page-types.js";
import { RoutedScriptPreload } from "./routed-script-preload.js";

export interface OpenPageOptions {
  /** The page's URL: its origin is the Origin of its requests, its cookies go with them. */
  url: string;
  /**
   * The document. Without it the page loads `url` (from the Worker routed there, or the network).
   */
  html?: string;
  /**
   * Run the page's scripts (default true). happy-dom 20 and later evaluate no JavaScript unless
   * told to; these pages hold the test's own code, so they do. `false` keeps them off.
   */
  scripts?: boolean;
  /** More happy-dom browser settings (fetch.interceptor is the page's routing and is kept). */
  settings?: IOptionalBrowserSettings;
}

/** A page from openPage(): the happy-dom Window, whose close() also closes its sockets. */
export type Page = Omit<BrowserWindow, "close" | "WebSocket"> & {
  /** Closes the page's sockets (as a page that goes away: 1001), then the page. */
  close(): Promise<void>;
  /** The browser WebSocket (not the Workers one): in memory to routed Workers, else the network. */
  readonly WebSocket: PageWebSocketConstructor;
};

export class OpenPageError extends TypeError {
  override name = "OpenPageError";
}

export interface OpenPageRecord {
  readonly url: string;
  readonly openedAt: string;
  readonly sockets: Set<object>;
  close(): Promise<void>;
}

/**
 * Kept on the global object under a registered symbol, as current-runtime.ts keeps the runtime:
 * the setup file may load a second copy of this package, and its afterAll must close the pages
 * this copy opened.
 */
const STORE = Symbol.for("vitest-environment-workers-ws.open-pages");
interface PageStore {
  readonly pagesByRuntime: WeakMap<Runtime, Set<OpenPageRecord>>;
  readonly records: WeakMap<object, OpenPageRecord>;
}
const holder = globalThis as unknown as Record<symbol, PageStore | undefined>;
holder[STORE] ??= { pagesByRuntime: new WeakMap(), records: new WeakMap() };
const store = holder[STORE];
const { pagesByRuntime, records } = store;

/** The bookkeeping of a page openPage() returned. */
export function pageRecordOf(page: Page): OpenPageRecord | undefined {
  return records.get(page);
}

/** The pages open in `runtime` now (the environment closes them at teardown). */
export function openPagesOf(runtime: Runtime): Set<OpenPageRecord> {
  let pages = pagesByRuntime.get(runtime);
  if (!pages) {
    pages = new Set();
    pagesByRuntime.set(runtime, pages);
  }
  return pages;
}

export async function openPage(options: OpenPageOptions): Promise<Page> {
  const runtime = currentFileRuntime()?.runtime;
  if (!runtime) {
    throw new OpenPageError(
      'openPage() needs the workers-ws environment: environment: "workers-ws" in the Vitest config, or // @vitest-environment workers-ws in the test file.',
    );
  }
  const checked = checkPageOption(options ?? null, (message) => new OpenPageError(message), "openPage()");
  return openPageIn(runtime, checked as OpenPageOptions, new Error().stack ?? "");
}

/** Opens a page in `runtime`; `openedAt` is the stack the leftover report shows. */
export async function openPageIn(
  runtime: Runtime,
  options: OpenPageOptions,
  openedAt: string,
): Promise<Page> {
  const happyDom = await loadHappyDom();
  const { Browser } = happyDom;
  let page: BrowserPage | undefined;
  const realmOf = () => happyDomRealm(page as BrowserPage, happyDom);
  const sockets = new Set<object>();
  const installed = new WeakSet<object>();
  const install = (window: BrowserWindow): void => {
    if (installed.has(window) || page === undefined) return;
    installed.add(window);
    const w = window as unknown as { WebSocket: new (url: string, protocols?: string | string[]) => object };
    w.WebSocket = createPageWebSocketClass(realmOf(), runtime, {
      networkWebSocket: w.WebSocket,
      onOpened: (socket) => sockets.add(socket),
      onFinished: (socket) => sockets.delete(socket),
    });
  };
  const settings = options.settings ?? {};
  const scripts = new RoutedScriptPreload();
  const browser = new Browser({
    console: globalThis.console,
    settings: {
      ...settings,
      enableJavaScriptEvaluation: options.scripts !== false,
      // The scripts are the test's own code, not untrusted input.
      suppressInsecureJavaScriptEnvironmentWarning: true,
      fetch: { ...settings.fetch, interceptor: routedPageInterceptor(runtime, realmOf, scripts) },
      navigation: {
        ...settings.navigation,
        beforeContentCallback: (window) => {
          install(window);
          settings.navigation?.beforeContentCallback?.(window);
        },
      },
    },
  });
  page = browser.newPage();
  const opened = page;
  const record: OpenPageRecord = {
    url: options.url,
    openedAt: openedAt.split("\n").slice(2).join("\n"),
    sockets,
    async close() {
      pages.delete(record);
      for (const socket of [...sockets]) pageSocketDisappear(socket);
      await settle();
      await browser.close();
      await settle();
    },
  };
  const pages = openPagesOf(runtime);
  pages.add(record);
  try {
    if (options.html === undefined && !isRoutedForPage(options.url, runtime)) {
      await opened.goto(options.url);
    } else {
      // A routed page is loaded here rather than by happy-dom's navigation, which waits on the
      // global setImmediate/setTimeout of the moment: under the test's fake timers it would hang.
      const loaded =
        options.html === undefined ? await loadRoutedDocument(runtime, realmOf(), options.url) : undefined;
      opened.url = loaded?.url ?? options.url;
      install(opened.mainFrame.window);
      const html = loaded?.html ?? (options.html as string);
      if (options.scripts !== false) {
        await scripts.preload(opened.mainFrame.window, runtime, realmOf(), html, opened.url);
      }
      opened.content = html;
    }
    // Its scripts, and what they load, have run (happy-dom's own timers are real ones).
    await opened.waitUntilComplete();
  } catch (error) {
    await record.close();
    throw error;
  }
  const window = opened.mainFrame.window;
  install(window);
  Object.defineProperty(window, "close", {
    configurable: true,
    writable: true,
    value: () => record.close(),
  });
  records.set(window, record);
  return window as unknown as Page;
}

/** GET the page from the Worker routed at its URL, as a browser's navigation asks for a document. */
async function loadRoutedDocument(
  runtime: Runtime,
  realm: ReturnType<typeof happyDomRealm>,
  url: string,
): Promise<{ url: string; html: string }> {
  const response = await fetchFromPage(realm, runtime, {
    url,
    method: "GET",
    headers: [["Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]],
    body: null,
    credentials: "include",
    redirect: "follow",
    mode: "navigate",
  });
  return { url: response.url, html: response.body === null ? "" : new TextDecoder().decode(response.body) };
}
