/**
 * The types of a page's WebSocket as scripts see it (WHATWG), on happy-dom's event classes: the
 * happy-dom typings of its own WebSocket lack bufferedAmount and the on<event> attributes.
 */
import type { BrowserWindow } from "happy-dom";

/*
 * happy-dom's typings (20.x, 21.x) name `UnderlyingDefaultSource` from "node:stream/web", which
 * only @types/node 25 and newer declare: with the @types/node of Node 20–24 and `skipLibCheck` off,
 * every project importing this package's types would fail in happy-dom's BrowserWindow.d.ts
 * (TS2694). Declared here (empty, with @types/node's type parameter), it is added where missing
 * and merges into the real one where it exists.
 */
declare module "node:stream/web" {
  // biome-ignore lint/suspicious/noExplicitAny: the parameter must match @types/node's to merge
  interface UnderlyingDefaultSource<R = any> {}
}

type PageEvent = InstanceType<BrowserWindow["Event"]>;
type PageMessageEvent = InstanceType<BrowserWindow["MessageEvent"]>;
type PageCloseEvent = InstanceType<BrowserWindow["CloseEvent"]>;
type PageEventTarget = InstanceType<BrowserWindow["EventTarget"]>;
type PageBlob = InstanceType<BrowserWindow["Blob"]>;

export interface PageWebSocket extends PageEventTarget {
  readonly url: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly extensions: string;
  readonly protocol: string;
  binaryType: "blob" | "arraybuffer";
  send(data: string | ArrayBufferLike | ArrayBufferView | PageBlob | Blob): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: PageEvent) => unknown) | null;
  onmessage: ((event: PageMessageEvent) => unknown) | null;
  onerror: ((event: PageEvent) => unknown) | null;
  onclose: ((event: PageCloseEvent) => unknown) | null;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}

export interface PageWebSocketConstructor {
  new (url: string | URL, protocols?: string | string[]): PageWebSocket;
  readonly prototype: PageWebSocket;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}
