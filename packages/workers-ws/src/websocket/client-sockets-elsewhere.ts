import type { Transcript } from "./transcript.js";

/**
 * Sockets of another kind than the Workers WebSocket that test tools still read: a browser page's
 * WebSocket (browser/page-websocket.ts). They register here, below both, so transcriptOf() and
 * readyStateOf() serve them and the Workers APIs can name the mix-up when one is passed to them,
 * without websocket/ importing the browser room. Few such sockets exist (one per page socket), so a
 * WeakMap costs nothing that matters here.
 */
export interface SocketElsewhere {
  /** What the socket is, for messages: "a browser page's WebSocket". */
  readonly description: string;
  readonly transcript: Transcript | undefined;
  readyState(): number;
}

const sockets = new WeakMap<object, SocketElsewhere>();

export function registerSocketElsewhere(socket: object, entry: SocketElsewhere): void {
  sockets.set(socket, entry);
}

export function socketElsewhere(value: unknown): SocketElsewhere | undefined {
  return typeof value === "object" && value !== null ? sockets.get(value) : undefined;
}
