import type { EventEmitter } from "node:events";
import type { WebSocket as WsSocket } from "ws";
import { deliveryLoop, internalHop } from "../scheduler/delivery-loop.js";
import type { Frame, Transport, TransportFailure } from "../transport/transport.js";
import { messageTooLargeError, protocolError } from "./limits.js";

const TOO_LARGE = "Message is too large";

/** Captured at load, as the delivery loop's primitives are, so fake timers cannot hold a Close back. */
const realSetImmediate = globalThis.setImmediate.bind(globalThis);

const PEER_GONE: TransportFailure = { kind: "disconnected", message: "WebSocket peer disconnected" };

/** Close codes the ws library refuses to put on the wire (it follows RFC 6455 §7.4 strictly). */
function wsSendsCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || code >= 3000;
}

/** kj's status code for the protocol faults ws detects (RFC 6455 §7.4.1). */
function statusCodeOf(error: Error & { code?: string }): number {
  if (error.code === "WS_ERR_INVALID_UTF8") return 1007;
  if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") return 1009;
  return 1002;
}

/**
 * A Transport over a real WebSocket connection (a `ws` socket, server or client side), so the
 * same state machine (websocket/socket-core.ts) drives network connections.
 *
 * Rendezvous on a network: a send is done once ws has written the frame to the TCP socket (its
 * send callback), which is what keeps a fast sender from outrunning a slow connection. Incoming
 * frames wait here until the socket asks for them; while any wait, reading from TCP is paused,
 * so a peer that sends faster than the Worker reads is held back by TCP, as kj does.
 *
 * Faults, as workerd reports them on a real connection:
 * - the peer goes away without a Close frame: receive fails as disconnected (close 1006);
 * - an incoming message over the limit: the peer gets Close 1009, the connection is dropped, and
 *   receive fails with kj's protocol error (an error event); see #takeOverTooLarge. The ws socket
 *   must be made with `maxPayload` set to the limit;
 * - a received Close is handed over at once and not answered here (see #takeOverCloseReply).
 */
export class WsTransport implements Transport {
  readonly #socket: WsSocket;
  readonly #limit: number;
  readonly #incoming: Array<Frame | TransportFailure> = [];
  #waiting: ((result: Frame | TransportFailure) => void) | undefined;
  /** No more frames will arrive: a Close frame, a fault or the end of the connection was queued. */
  #inputEnded = false;
  #closeSent = false;
  #closeReceived = false;
  /** A received Close waiting for the send in flight to finish (see #closeFrameReceived). */
  #heldClose: Frame | undefined;
  /** Sends handed to ws whose callback has not run yet. */
  #sendsInFlight = 0;
  #released = false;
  #abortCallbacks: Array<() => void> = [];

  readonly #lostAfterAnswer: boolean;

  /**
   * `lostAfterAnswer`: the socket is the runtime's own end of the connection (new WebSocket(url),
   * an upgrading fetch()), not one coupled to a Worker's pair end by serve(). Over such a
   * connection workerd reports "Network connection lost." to the end that answered a received
   * Close, after its close event (observed at both dates, with automatic and manual answers:
   * test/conformance/network workerOutboundCloses), as it does for an in-request pair.
   */
  constructor(socket: WsSocket, incomingLimit: number, { lostAfterAnswer = false } = {}) {
    this.#socket = socket;
    this.#limit = incomingLimit;
    this.#lostAfterAnswer = lostAfterAnswer;
    socket.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (this.#inputEnded) return;
      const bytes = toBytes(data);
      this.#push(
        isBinary
          ? { kind: "binary", data: bytes }
          : {
              kind: "text",
              data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
            },
      );
    });
    this.#takeOverCloseReply();
    this.#takeOverTooLarge();
    socket.on("error", (error: Error & { code?: string }) => {
      if (this.#inputEnded || this.#heldClose) return;
      this.#end({ kind: "protocol", error: protocolError(statusCodeOf(error), error.message) });
    });
    socket.on("close", (code: number, reason: Buffer) => {
      if (!this.#inputEnded && !this.#heldClose) {
        // ws reports 1006 when the connection ended without a Close frame.
        if (code === 1006) this.#end(PEER_GONE);
        else this.#closeFrameReceived(code, reason);
      }
      this.#connectionEnded();
    });
  }

  send(frame: Frame, done: (failure?: TransportFailure) => void): void {
    const socket = this.#socket;
    if (this.#released || this.#closeSent || socket.readyState !== socket.OPEN) {
      // workerd: writing to a connection that is gone fails as disconnected.
      if (
        frame.kind === "close" &&
        !this.#released &&
        (socket.readyState === socket.CLOSING || this.#closeReceived)
      ) {
        // The peer's Close came and the connection is closing or gone: nothing is left to answer.
        this.#closeSent = true;
        deliveryLoop.enqueue(internalHop(() => done(this.#lostAfterAnswer ? PEER_GONE : undefined)));
        return;
      }
      deliveryLoop.enqueue(internalHop(() => done(PEER_GONE)));
      return;
    }
    if (frame.kind === "close") {
      if (frame.code !== 1005 && !wsSendsCloseCode(frame.code)) {
        const error = new RangeError(
          `workers-ws: close code ${frame.code} is valid in workerd but the ws library refuses to send it over a network connection (it sends 1000-1003, 1007-1014 and 3000-4999).`,
        );
        deliveryLoop.enqueue(internalHop(() => done({ kind: "protocol", error })));
        return;
      }
      this.#closeSent = true;
      const answered = this.#closeReceived && this.#lostAfterAnswer;
      // kj's close() is done once the frame is written, and fails with the write (a peer that
      // already reset the connection: "Network connection lost."). ws takes no callback for its
      // Close, so the outcome of the write it makes for the frame is watched.
      const watched = watchWrites(
        socket,
        (error) => {
          deliveryLoop.enqueue(internalHop(() => done(answered || error ? PEER_GONE : undefined)));
        },
        () => {
          // A Close without a code goes out with an empty payload, which the peer reads as 1005.
          if (frame.code === 1005) socket.close();
          else socket.close(frame.code, frame.reason);
        },
      );
      if (!watched) deliveryLoop.enqueue(internalHop(() => done(answered ? PEER_GONE : undefined)));
      return;
    }
    const data = frame.kind === "text" ? frame.data : Buffer.from(frame.data);
    this.#sendsInFlight++;
    socket.send(data, { binary: frame.kind === "binary" }, (error) => {
      this.#sendsInFlight--;
      deliveryLoop.enqueue(internalHop(() => done(error ? PEER_GONE : undefined)));
      if (this.#sendsInFlight === 0) this.#deliverHeldClose();
    });
  }

  receive<A>(onFrame: (result: Frame | TransportFailure, arg: A) => void, arg: A): void {
    const next = this.#incoming.shift();
    if (next !== undefined) {
      if (this.#incoming.length === 0 && !this.#inputEnded && this.#socket.isPaused) this.#socket.resume();
      deliveryLoop.enqueue(internalHop(() => onFrame(next, arg)));
      return;
    }
    if (this.#released) {
      deliveryLoop.enqueue(internalHop(() => onFrame(PEER_GONE, arg)));
      return;
    }
    this.#waiting = (result) => onFrame(result, arg);
  }

  whenAborted<A>(callback: (arg: A) => void, arg: A): void {
    if (this.#socket.readyState === this.#socket.CLOSED) callback(arg);
    else this.#abortCallbacks.push(() => callback(arg));
  }

  /**
   * Drops the connection. Once a Close frame went out, ws ends the TCP connection itself when the
   * handshake finishes (cutting it could lose the Close still in Node's buffers); otherwise it is
   * cut at once, and the peer sees an abnormal closure (1006).
   */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#abortCallbacks = [];
    const socket = this.#socket;
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.terminate();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) deliveryLoop.enqueue(internalHop(() => waiting(PEER_GONE)));
  }

  /** What was negotiated in the handshake. */
  get protocol(): string {
    return this.#socket.protocol;
  }

  get extensions(): string {
    return this.#socket.extensions;
  }

  #push(item: Frame | TransportFailure): void {
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      deliveryLoop.enqueue(internalHop(() => waiting(item)));
      return;
    }
    this.#incoming.push(item);
    // Backpressure: stop reading from TCP until the socket takes what is waiting.
    if (!this.#inputEnded && !this.#socket.isPaused) this.#socket.pause();
  }

  #end(last: Frame | TransportFailure): void {
    this.#inputEnded = true;
    if (this.#socket.isPaused) this.#socket.resume();
    this.#push(last);
  }

  /**
   * A message over the limit, as kj refuses it (kj-http WebSocketImpl::receive; observed over a
   * real connection, workerd 2026-11-17): the receiver sends Close 1009 and drops the connection.
   * ws is made with `maxPayload` set to the limit, so it finds the size where kj does:
   * - at a frame header (a message sent without compression): reason and error name the frame's
   *   size and what earlier fragments left of the limit. The rest of the message is still unread
   *   when the connection is dropped, so the sender's writes fail (connection reset) after the
   *   Close reached it;
   * - while inflating a compressed message whose frames fit (they were read whole): "Message is
   *   too large", no sizes, and the connection ends after the Close.
   * ws would answer with a Close 1009 of its own (no reason) and wait for the reply; its error is
   * taken first here, so only kj's Close goes out. If ws's internals are not as expected, its own
   * handling stays (the socket's error listener reports ws's message with status 1009).
   */
  #takeOverTooLarge(): void {
    const receiver = (this.#socket as unknown as WsInternals)._receiver as ReceiverInternals | undefined;
    if (!receiver || typeof receiver.prependListener !== "function" || !("_payloadLength" in receiver))
      return;
    receiver.prependListener("error", (error: Error & { code?: string }) => {
      if (error.code !== "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" || this.#inputEnded) return;
      if (receiver._totalPayloadLength <= this.#limit) {
        // The frames fit: ws refused the inflated message.
        this.#tooLarge(protocolError(1009, TOO_LARGE), TOO_LARGE, "end");
        return;
      }
      // At a frame header: kj checks each frame against what earlier fragments left of the limit.
      const size = receiver._payloadLength;
      const left = this.#limit - (receiver._totalPayloadLength - size);
      this.#tooLarge(messageTooLargeError(size, left), `${TOO_LARGE}: ${size} > ${left}`, "drop");
    });
  }

  #tooLarge(error: Error, reason: string, then: "end" | "drop"): void {
    const socket = this.#socket;
    this.#end({ kind: "protocol", error });
    if (socket.readyState !== socket.OPEN) return;
    this.#closeSent = true;
    socket.close(1009, reason);
    // kj drops the connection after its Close instead of waiting for the answer; with unread data
    // left, closing it resets it, as kj's does.
    const raw = (socket as unknown as WsInternals)._socket;
    if (then === "end") raw?.end();
    else raw?.destroy();
  }

  /**
   * A Close that arrives while a send is still being written waits for that send's outcome, for
   * one I/O turn at most: when the peer closes and drops the connection at once (kj refusing a
   * message over its limit at the header), the write fails in the same turn, and workerd reports
   * that failure ("Network connection lost.") before the close event, which follows with the
   * peer's code and reason (observed at both dates, sending 32 MiB + 1 to a workerd peer:
   * test/conformance/network workerOutboundOverLimit).
   */
  #closeFrameReceived(code: number, reason: Buffer): void {
    if (this.#inputEnded || this.#heldClose) return;
    const close: Frame = { kind: "close", code, reason: reason.toString("utf8") };
    if (this.#sendsInFlight === 0) {
      this.#closeReceived = true;
      this.#end(close);
      return;
    }
    this.#heldClose = close;
    realSetImmediate(() => this.#deliverHeldClose());
  }

  #deliverHeldClose(): void {
    const close = this.#heldClose;
    if (!close) return;
    this.#heldClose = undefined;
    this.#closeReceived = true;
    this.#end(close);
  }

  /**
   * ws answers a received Close at once, echoing its code and reason (receiverOnConclude). In
   * workerd the answer is the socket's own: automatic from 2026-04-07, otherwise whenever the
   * Worker calls close(), with its own code and reason, and a half-open socket may still send
   * first. So ws's handler is replaced by one that does ws's bookkeeping, hands the Close to the
   * socket at once (not when TCP ends) and sends nothing. If ws's internals are not as expected
   * (another major version), ws's own handling stays: the answer is then ws's echo.
   */
  #takeOverCloseReply(): void {
    const ws = this.#socket as unknown as WsInternals;
    const receiver = ws._receiver;
    const raw = ws._socket;
    if (!receiver || !raw) return;
    const own = receiver.listeners("conclude").filter((listener) => listener.name === "receiverOnConclude");
    if (own.length !== 1) return;
    receiver.removeListener("conclude", own[0] as (...args: unknown[]) => void);
    receiver.on("conclude", (code: number, reason: Buffer) => {
      ws._closeFrameReceived = true;
      ws._closeCode = code;
      ws._closeMessage = Buffer.from(reason);
      // Nothing may follow a Close: stop feeding the receiver, let the socket read its end.
      for (const listener of raw.listeners("data")) {
        if (listener.name === "socketOnData")
          raw.removeListener("data", listener as (...args: unknown[]) => void);
      }
      process.nextTick(() => raw.resume());
      // Our Close went out first: the handshake is complete, ws ends the connection.
      if (this.#socket.readyState === this.#socket.CLOSING) this.#socket.close();
      this.#closeFrameReceived(code, reason);
    });
  }

  /** Like the pipe's peer dropping its end: the connection is gone, whether or not it closed cleanly. */
  #connectionEnded(): void {
    const callbacks = this.#abortCallbacks;
    this.#abortCallbacks = [];
    for (const callback of callbacks) callback();
  }
}

/** The parts of ws's WebSocket that #takeOverCloseReply works with (ws 8). */
interface WsInternals {
  _receiver?: EventEmitter;
  _socket?: import("node:net").Socket;
  _closeFrameReceived: boolean;
  _closeCode: number;
  _closeMessage: Buffer;
}

/** The parts of ws's Receiver that #takeOverTooLarge reads (ws 8): the frame being refused. */
interface ReceiverInternals extends EventEmitter {
  _payloadLength: number;
  _totalPayloadLength: number;
}

/**
 * Runs `write` (a ws call that writes one frame) and reports the outcome of the last write it made
 * to the TCP socket: Node completes writes in order, so that one settles with the frame. Returns
 * false when nothing was written at once (ws queued the frame behind a compression in progress).
 */
function watchWrites(
  socket: WsSocket,
  onWritten: (error: Error | null | undefined) => void,
  write: () => void,
): boolean {
  const raw = (socket as unknown as WsInternals)._socket;
  if (!raw) {
    write();
    return false;
  }
  const original = raw.write;
  const own = Object.hasOwn(raw, "write");
  let latest: ((error?: Error | null) => void) | undefined;
  raw.write = function (this: typeof raw, ...args: unknown[]): boolean {
    const at = args.findIndex((arg) => typeof arg === "function");
    const callback = at >= 0 ? (args[at] as (error?: Error | null) => void) : undefined;
    const watcher = (error?: Error | null): void => {
      callback?.(error);
      if (watcher === latest) onWritten(error);
    };
    latest = watcher;
    if (at >= 0) args[at] = watcher;
    else args.push(watcher);
    return (original as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof raw.write;
  try {
    write();
  } finally {
    if (own) raw.write = original;
    else delete (raw as { write?: unknown }).write;
  }
  return latest !== undefined;
}

/** ws hands over a Buffer (possibly a view into a larger pooled buffer): copy into an exact one. */
function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  return copy;
}
