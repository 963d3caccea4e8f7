/**
 * What the browser room needs from a page (a happy-dom Window, or any window-like realm): its own
 * classes, so that a page's events, Blobs and exceptions are the page's and not the Workers ones,
 * and what a browser adds to a request made from the page (its origin, cookies, user agent).
 * The environment package builds one from a happy-dom page (vitest-environment-workers-ws
 * src/browser/); workers-ws itself does not depend on happy-dom.
 */
export interface PageEventTarget {
  dispatchEvent(event: object): boolean;
}

export interface PageRealm {
  readonly EventTarget: new () => PageEventTarget;
  readonly Event: new (type: string) => object;
  readonly MessageEvent: new (type: string, init: { data: unknown; origin: string }) => object;
  readonly CloseEvent: new (
    type: string,
    init: { code: number; reason: string; wasClean: boolean },
  ) => object;
  readonly Blob: new (parts: Uint8Array[]) => PageBlob;
  readonly DOMException: new (message: string, name: string) => Error;
  readonly ArrayBuffer: ArrayBufferConstructor;
  /** The page's API base URL (document.baseURI): relative socket URLs resolve against it. */
  baseUrl(): string;
  /** The page's origin, sent as Origin. */
  origin(): string;
  userAgent(): string;
  /** The Cookie header a request to this http(s) URL carries ("" for none), HttpOnly cookies included. */
  cookieHeader(url: URL): string;
  /** Stores the Set-Cookie headers of a response from this http(s) URL. */
  storeCookies(url: URL, setCookies: readonly string[]): void;
}

export interface PageBlob {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}
