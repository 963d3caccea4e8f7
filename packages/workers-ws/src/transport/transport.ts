/**
 * What a WebSocket end talks to: the in-memory pipe of a WebSocketPair, a network connection, or a
 * served connection. It mirrors the few operations workerd's WebSocket uses on kj::WebSocket, so
 * the state machine and validation in websocket/ serve every kind of connection unchanged.
 *
 * send and receive callbacks are delivered later, as hops of the delivery loop, never synchronously.
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

/**
 * Completion of a send. `resumedFirst`: the frame was blocked until the receiver asked for it, so
 * (kj BlockedSend::receive) the sender's promise was fulfilled before the receiver got the frame
 * and the sender's continuation chain runs ahead of the receiver's. Returns true when it ran user
 * code (the delivery loop then drains microtasks before the next hop).
 */
export type SendDone = (failure?: TransportFailure, resumedFirst?: boolean) => boolean | undefined;

export interface Transport {
  /**
   * Hands one frame to the other side. `done` runs once the other side has taken it (a rendezvous,
   * like kj's in-memory pipe) or with the failure that prevents it. `resumedFirst` is true when the
   * frame waited for a receive: the sender then resumes before the receiver sees the frame (see
   * SendDone). `done` returns true when it ran user code.
   */
  send(frame: Frame, done: SendDone): void;
  /** Asks for the next incoming frame; `onFrame` runs with it, or with the failure that ends input. */
  receive(onFrame: (result: Frame | TransportFailure) => void): void;
  /** Registers a callback for the other end going away (kj whenAborted()); called synchronously. */
  whenAborted(callback: () => void): void;
  /** Drops this end: pending and future operations on the other side fail as disconnected. */
  release(): void;
  /** Whether a frame is waiting to be received (for diagnostics of unaccepted ends). */
  readonly pendingIncoming: boolean;
}

export function isFailure(result: Frame | TransportFailure): result is TransportFailure {
  return result.kind === "disconnected" || result.kind === "protocol";
}
