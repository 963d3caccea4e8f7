/**
 * What a WebSocket end talks to: the in-memory pipe of a WebSocketPair, a network connection, or a
 * served connection. It mirrors the few operations workerd's WebSocket uses on kj::WebSocket, so
 * the state machine and validation in websocket/ serve every kind of connection unchanged.
 *
 * Callbacks never run inside the call that registered them: receive callbacks and the `done` of a
 * send taken by a waiting receiver come as later hops of the delivery loop. The `done` of a send
 * that had to wait runs inside the other end's receive() that takes it (kj fulfils the blocked
 * sender first), so a `done` must not assume it runs on a fresh hop.
 */
export type Frame =
  | { readonly kind: "text"; readonly data: string }
  | { readonly kind: "binary"; readonly data: Uint8Array }
  | { readonly kind: "close"; readonly code: number; readonly reason: string };

/** Why a receive or send could not complete. */
export type TransportFailure =
  /** The other end went away without a Close frame (kj DISCONNECTED). */
  | { readonly kind: "disconnected"; readonly message: string }
  /** A protocol fault, e.g. a message over the size limit (reported as an error event). */
  | { readonly kind: "protocol"; readonly error: Error };

export interface Transport {
  /**
   * Hands one frame to the other side. `done` runs once the other side has taken it (a rendezvous,
   * like kj's in-memory pipe) or with the failure that prevents it.
   */
  send(frame: Frame, done: (failure?: TransportFailure) => void): void;
  /**
   * Asks for the next incoming frame; `onFrame(result, arg)` runs with it, or with the failure that
   * ends input. The argument is handed back as the delivery loop's hops take theirs, so a socket
   * passes itself and a static function instead of keeping a closure per end.
   */
  receive<A>(onFrame: (result: Frame | TransportFailure, arg: A) => void, arg: A): void;
  /**
   * kj pumpTo() from this end, one frame at a time: like receive(), but the other side's send is
   * done only when `forwarded` is called, once the frame was passed on. Only the in-memory pipe has
   * it (a pump reading from a pipe end takes each send straight to its output, kj BlockedPumpTo); where it
   * is missing, receive() is used.
   */
  receiveToForward?(
    onFrame: (result: Frame | TransportFailure, forwarded: (failure?: TransportFailure) => void) => void,
  ): void;
  /**
   * kj's pipe state as a pump starting on this end finds it: whether the other end already waits
   * to receive what this end sends (BlockedReceive). Only the in-memory pipe has it (see
   * network/transport-bridge.ts).
   */
  peerWaitingToReceive?(): boolean;
  /**
   * Registers `callback(arg)` for the other end going away (kj whenAborted()); called
   * synchronously.
   */
  whenAborted<A>(callback: (arg: A) => void, arg: A): void;
  /**
   * Drops this end: pending and future operations on the other side fail as disconnected, or with
   * `failure` when given (a protocol fault read from a network connection reaches the socket
   * coupled to it).
   */
  release(failure?: TransportFailure): void;
}

export function isFailure(result: Frame | TransportFailure): result is TransportFailure {
  return result.kind === "disconnected" || result.kind === "protocol";
}
