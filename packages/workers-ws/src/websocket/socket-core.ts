import { tunnelException } from "../errors/tunneled-exception.js";
import { createRuntimeCloseEvent } from "../events/close-event.js";
import { createTunneledErrorEvent } from "../events/error-event.js";
import type { Event } from "../events/event.js";
import { dispatch, type EventTarget, hasObservers } from "../events/event-target.js";
import { createRuntimeMessageEvent } from "../events/message-event.js";
import type { RuntimeContext } from "../runtime/context.js";
import {
  currentIoContext,
  type IoContext,
  isIoContextAborted,
  runInIoContext,
} from "../runtime/io-context.js";
import { deliveryLoop, queueAfterMicrotasks } from "../scheduler/delivery-loop.js";
import { type Frame, isFailure, type Transport, type TransportFailure } from "../transport/transport.js";

/**
 * The native half of a WebSocket: workerd's `Native` state and the pump and read loop that move
 * frames through a Transport (src/workerd/api/web-socket.c++). The API class validates arguments
 * and calls in here; every runtime rule about state lives in this file.
 *
 * workerd runs the pump and the read loop as KJ coroutines whose JavaScript continuations come a
 * few kj events after the I/O completes. Those events decide who gets the "Network connection
 * lost." error after a close handshake, so they are modelled as hops of the delivery loop, each
 * queued depth-first or breadth-first as kj arms the event (scheduler/delivery-loop.ts):
 * - a received frame is dispatched two hops after the pipe hands it over: the receive resumes
 *   (depth-first if it was waiting, breadth-first if the frame was: transport/pair-pipe.ts), then
 *   IoContext::run enters JavaScript a breadth-first hop later (it waits its turn for the lock);
 * - the continuation of a finished pump or read loop (awaitIoLegacy(...).then) runs two hops after
 *   the coroutine ends: its result fulfils the awaiting promise (depth-first), then JavaScript is
 *   entered breadth-first;
 * - the read loop asks for the next frame as soon as a dispatch and the microtasks it queued are
 *   done (the coroutine loops straight back to receive() after context.run returns);
 * - an end learns at once that its peer was dropped (whenAborted), before its queued dispatches.
 * With these, the traces recorded from workerd 2026-11-17 match, including the races after a close
 * handshake with messages in flight: a pump that finishes just before its end receives a Close,
 * whose continuation then releases the end while the auto-reply's new pump is still sending (the
 * replier gets the error, the initiator a 1006 close), a manual reply of send() + close() in one
 * turn that releases itself before the initiator drops it (no error), and two pairs whose
 * handshakes race each other in the same turns.
 */
export type NativeState = "connecting" | "awaiting" | "accepted" | "released";

/** kj events between the I/O and JavaScript, checked against workerd traces (see above). */
export const HOPS = {
  /** from the pipe handing over a frame to the dispatch of its event */
  dispatch: 2,
  /** from a coroutine finishing to its JavaScript continuation (at least 1: the fulfilment itself) */
  continuation: 2,
  /** from the other end being dropped to this end's whenAborted() task (0: at once) */
  aborted: 0,
};

export const READY_STATE = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;

/**
 * What workerd turns a kj DISCONNECTED exception into when it reaches JavaScript. workerd makes it
 * with no JavaScript on the stack, so its stack is the message line alone (conformance case
 * 20-error-events/lostErrorStackHasNoFrames); capturing frames here would only name workers-ws
 * internals, at about 0.7 µs per frame on Node 20.
 */
export function networkConnectionLost(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error("Network connection lost.");
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Observes a socket's life for transcripts and the live-socket registry. */
export interface SocketObserver {
  /** After readyState changed; `from` is the state before. */
  readyStateChanged?(core: SocketCore, cause: string, from: number): void;
  /** accept() took effect, with the allowHalfOpen it was given (undefined: not given). */
  accepted?(core: SocketCore, allowHalfOpen: boolean | undefined): void;
  sent?(core: SocketCore, frame: Frame): void;
  /** A frame reached JavaScript, before its event (dispatched only if someone listens). */
  received?(core: SocketCore, frame: Frame): void;
  /** An event dispatched from a continuation (error, open, unclean close), before dispatch. */
  reporting?(core: SocketCore, event: Event): void;
  /** The error event of reportError(), before dispatch: the tunneled copy and the event's message. */
  reportingError?(core: SocketCore, error: unknown, message: string): void;
  dispatched?(core: SocketCore, event: Event): void;
}

/**
 * Where a hibernatable socket's frames go instead of its listeners: the Durable Object's hibernation
 * manager (durable-objects/hibernation/). workerd: acceptWebSocket() hands the native socket to the
 * HibernationManager, whose own read loop turns frames into webSocketMessage / webSocketClose /
 * webSocketError events (io/legacy-hibernation-manager.c++ readLoop), while the api::WebSocket keeps
 * sending through the same native state (api/web-socket.c++ acceptAsHibernatable).
 */
export interface HibernatableReceiver {
  /** The owning object, for transcripts and reports ("ROOM (ChatRoom) <id>"). */
  readonly owner: string;
  /** The context the socket's I/O belongs to now: its object's current one (new after an eviction). */
  ioContext(): IoContext;
  /**
   * A text or binary message (binary always as an ArrayBuffer). The receiver calls
   * core.readNextAfterMicrotasks() once the event was delivered (workerd's read loop awaits the
   * event, which ends after the handler's synchronous part).
   */
  message(core: SocketCore, data: string | ArrayBuffer): void;
  /** The read loop ended: a Close frame, the peer's disconnection (1006), or an error. The loop stops. */
  ended(core: SocketCore, end: HibernatableEnd): void;
}

export type HibernatableEnd =
  | { readonly kind: "close"; readonly code: number; readonly reason: string; readonly wasClean: boolean }
  | { readonly kind: "error"; readonly error: unknown };

/**
 * workerd's native flags, packed in one number (SocketCore.#flags): an open socket is kept by
 * the thousand in some tests, and seven boolean fields were a quarter of a SocketCore.
 */
const CLOSED_INCOMING = 1;
const CLOSED_OUTGOING = 2;
const OUTGOING_ABORTED = 4;
const IS_PUMPING = 8;
const ALLOW_HALF_OPEN = 16;
const USED_IN_RESPONSE = 32;
const PUMP_CANCELED = 64;

export class SocketCore {
  state: NativeState;
  #flags = 0;
  error: { readonly value: unknown } | undefined = undefined;
  /** The socket's transcript (websocket/transcript.ts), created with its first entry. */
  transcript: object | undefined = undefined;
  /** The request the socket was made in: its I/O belongs there, and its listeners run there. */
  readonly #madeIn: IoContext = currentIoContext();
  /** Set by acceptWebSocket(): the socket's frames go to its Durable Object's handlers. */
  hibernation: HibernatableReceiver | undefined = undefined;
  /**
   * workerd's hibernatable release state: after webSocketClose ("close") or webSocketError
   * ("error") was dispatched the socket no longer reads; in "error", send() and close() only
   * release the connection (api/web-socket.c++ awaitingHibernatableError).
   */
  hibernatableRelease: "close" | "error" | undefined = undefined;
  /** The other end of a WebSocketPair (acceptWebSocket needs it still awaiting acceptance). */
  peer: SocketCore | undefined = undefined;
  /** Frames waiting for the pump; made with the first one (most sockets in a test send a few). */
  #outgoing: Frame[] | undefined = undefined;
  /** Index of the next frame to send: taking from the front with shift() is O(n) per frame. */
  #outgoingHead = 0;
  #transport: Transport | undefined;
  #lastReadyState: number;

  constructor(
    readonly target: EventTarget,
    readonly context: RuntimeContext,
    transport: Transport | undefined,
    state: NativeState,
    readonly observer?: SocketObserver,
  ) {
    this.#transport = transport;
    this.state = state;
    // workerd: allowHalfOpen defaults to !web_socket_auto_reply_to_close.
    this.allowHalfOpen = !context.settings.autoReplyToClose;
    this.#lastReadyState = this.readyState;
  }

  /**
   * Where the socket's I/O belongs. A hibernatable socket belongs to its object's current context,
   * so the instance constructed after an eviction can use it (workerd rebuilds the api::WebSocket
   * in the new IoContext: legacy-hibernation-manager.c++ getActiveOrUnhibernate).
   */
  get closedIncoming(): boolean {
    return (this.#flags & CLOSED_INCOMING) !== 0;
  }
  set closedIncoming(value: boolean) {
    this.#setFlag(CLOSED_INCOMING, value);
  }
  get closedOutgoing(): boolean {
    return (this.#flags & CLOSED_OUTGOING) !== 0;
  }
  set closedOutgoing(value: boolean) {
    this.#setFlag(CLOSED_OUTGOING, value);
  }
  get outgoingAborted(): boolean {
    return (this.#flags & OUTGOING_ABORTED) !== 0;
  }
  set outgoingAborted(value: boolean) {
    this.#setFlag(OUTGOING_ABORTED, value);
  }
  get isPumping(): boolean {
    return (this.#flags & IS_PUMPING) !== 0;
  }
  set isPumping(value: boolean) {
    this.#setFlag(IS_PUMPING, value);
  }
  get allowHalfOpen(): boolean {
    return (this.#flags & ALLOW_HALF_OPEN) !== 0;
  }
  set allowHalfOpen(value: boolean) {
    this.#setFlag(ALLOW_HALF_OPEN, value);
  }
  /** Set when the end was coupled into a returned Response (its holder's calls are then ignored). */
  get usedInResponse(): boolean {
    return (this.#flags & USED_IN_RESPONSE) !== 0;
  }
  set usedInResponse(value: boolean) {
    this.#setFlag(USED_IN_RESPONSE, value);
  }
  get #pumpCanceled(): boolean {
    return (this.#flags & PUMP_CANCELED) !== 0;
  }
  set #pumpCanceled(value: boolean) {
    this.#setFlag(PUMP_CANCELED, value);
  }
  #setFlag(flag: number, value: boolean): void {
    this.#flags = value ? this.#flags | flag : this.#flags & ~flag;
  }

  get ioContext(): IoContext {
    return this.hibernation === undefined ? this.#madeIn : this.hibernation.ioContext();
  }

  /** workerd getReadyState(): derived from the flags, never stored. */
  get readyState(): number {
    if ((this.closedIncoming && this.closedOutgoing) || this.error) return READY_STATE.CLOSED;
    if (this.closedIncoming || this.closedOutgoing) return READY_STATE.CLOSING;
    if (this.state === "connecting") return READY_STATE.CONNECTING;
    return READY_STATE.OPEN;
  }

  get transport(): Transport | undefined {
    return this.#transport;
  }

  /** A connecting client socket got its connection (new WebSocket(url) succeeded). */
  connected(transport: Transport): void {
    this.#transport = transport;
    this.state = "awaiting";
    this.#noteReadyState("connected");
  }

  // ---- accept / send / close, after the API class has validated arguments and state ----

  accept(allowHalfOpen: boolean | undefined): void {
    if (allowHalfOpen !== undefined) this.allowHalfOpen = allowHalfOpen;
    this.state = "accepted";
    this.observer?.accepted?.(this, allowHalfOpen);
    this.#requireTransport().whenAborted(SocketCore.#whenPeerAborted, this);
    this.#receiveNext();
  }

  /**
   * state.acceptWebSocket(): accepted, but read by `receiver`. A hibernatable socket never answers
   * a Close by itself, at either date (observed; the manager's read loop has no auto-reply), so it
   * is half-open: webSocketClose decides whether to close().
   */
  acceptHibernatable(receiver: HibernatableReceiver): void {
    this.hibernation = receiver;
    this.allowHalfOpen = true;
    this.state = "accepted";
    this.#requireTransport().whenAborted(SocketCore.#whenPeerAborted, this);
    this.#receiveNext();
  }

  /** A hibernatable socket's read loop goes on once the microtasks queued so far have run. */
  readNextAfterMicrotasks(): void {
    queueAfterMicrotasks(SocketCore.#receiveNextStep, this);
  }

  enqueue(frame: Frame): void {
    this.#outgoingQueue().push(frame);
    this.observer?.sent?.(this, frame);
    if (frame.kind === "close") {
      this.closedOutgoing = true;
      this.#noteReadyState("close() called");
    }
    this.#ensurePumping();
  }

  #outgoingQueue(): Frame[] {
    this.#outgoing ??= [];
    return this.#outgoing;
  }

  /** Drops the connection (workerd: native.state.init<Released>()). */
  release(): void {
    if (this.state === "released") return;
    this.state = "released";
    if (this.isPumping) this.#pumpCanceled = true;
    this.#transport?.release();
  }

  /** workerd tryReleaseNative(): release once nothing more can be sent. */
  tryRelease(): void {
    if ((this.closedOutgoing || this.outgoingAborted) && !this.isPumping && this.state === "accepted") {
      this.release();
    }
  }

  /**
   * workerd reportError(): the first error raises an error event and stops further sends. Returns
   * false when an error listener's exception cut it short (see dispatchReported).
   */
  reportError(error: unknown): boolean {
    if (this.error) return true;
    this.error = { value: error };
    this.#noteReadyState("error");
    if (this.#dispatchError(error) === "threw") return false;
    this.outgoingAborted = true;
    if (this.closedIncoming && !this.isPumping) this.release();
    return true;
  }

  /**
   * Dispatches an event from a promise continuation (error, open, the 1006 close), where a
   * listener's exception becomes an uncaught exception that workerd only logs. Without
   * spec_compliant_dispatch_exceptions that exception also leaves the continuation: the caller
   * must skip the rest of it ("threw"). Observed: an error listener that throws in 2024 leaves the
   * socket unreleased, so its peer never sees close 1006.
   */
  dispatchReported(event: Event): "none" | "ran" | "threw" {
    this.observer?.reporting?.(this, event);
    if (!hasObservers(this.target, event.type)) return "none";
    return this.#dispatchFromContinuation(event);
  }

  /**
   * reportError()'s event: the exception's copy is what the transcript records; the event itself
   * is made only when something listens (most sockets that end with an error have no listener
   * for it: the churn benchmark's half).
   */
  #dispatchError(error: unknown): "none" | "ran" | "threw" {
    const tunneled = tunnelException(error, this.context.settings.enhancedErrorSerialization);
    this.observer?.reportingError?.(this, tunneled.error, tunneled.message);
    if (!hasObservers(this.target, "error")) return "none";
    return this.#dispatchFromContinuation(createTunneledErrorEvent(tunneled));
  }

  #dispatchFromContinuation(event: Event): "ran" | "threw" {
    const { thrown } = dispatchInContext(this, event);
    this.observer?.dispatched?.(this, event);
    for (const error of thrown) this.context.reportUncaught(error);
    return thrown.length > 0 && !this.context.settings.specCompliantDispatchExceptions ? "threw" : "ran";
  }

  // ---- the pump: sends queued frames one at a time (workerd WebSocket::pump) ----

  #ensurePumping(): void {
    if (this.isPumping || this.state !== "accepted") return;
    this.isPumping = true;
    this.#pumpCanceled = false;
    this.#pumpNext();
  }

  #pumpNext(): void {
    if (this.#pumpCanceled) {
      this.#pumpFinished(false, networkConnectionLost());
      return;
    }
    const outgoing = this.#outgoing;
    const frame = outgoing?.[this.#outgoingHead];
    if (outgoing === undefined || frame === undefined) {
      this.#pumpFinished(true, undefined);
      return;
    }
    outgoing[this.#outgoingHead++] = undefined as unknown as Frame;
    if (this.#outgoingHead === outgoing.length) outgoing.length = this.#outgoingHead = 0;
    this.#afterSend ??= this.#makeAfterSend();
    this.#requireTransport().send(frame, this.#afterSend);
  }

  /**
   * The pump's continuation after a send: one send at a time, so one function per socket, made by
   * the first send (a socket that never sends keeps none; made in a method of its own so that the
   * pump's hot path allocates no closure context).
   */
  #afterSend: ((failure?: TransportFailure) => void) | undefined = undefined;
  #makeAfterSend(): (failure?: TransportFailure) => void {
    return (failure) => {
      if (failure) this.#pumpFinished(false, failureToError(failure));
      else this.#pumpNext();
    };
  }

  #pumpFinished(completed: boolean, error: unknown): void {
    // KJ_DEFER in pump(): whatever is left can no longer be sent.
    this.isPumping = false;
    if (this.#outgoing !== undefined) this.#outgoing.length = 0;
    this.#outgoingHead = 0;
    if (!completed) this.outgoingAborted = true;
    afterCoroutine(SocketCore.#afterPumpStep, this, completed, error);
  }

  static #afterPumpStep(core: SocketCore, completed: boolean, error: unknown): boolean {
    return core.#afterPump(completed, error);
  }

  /** The JavaScript continuation of the pump (ensurePumping's .then). */
  #afterPump(completed: boolean, error: unknown): boolean {
    if (this.hibernatableRelease !== undefined && (!completed || this.outgoingAborted)) {
      // workerd: a hibernatable socket whose close or error event was dispatched is released
      // instead of raising an error event (ensurePumping, awaitingHibernatableRelease()).
      this.tryRelease();
      return false;
    }
    if (!completed) {
      this.reportError(error);
      return true;
    }
    if (this.outgoingAborted) {
      // workerd: the peer stopped accepting messages but our writes did not fail.
      this.reportError(networkConnectionLost());
      return true;
    }
    if (this.closedIncoming && this.closedOutgoing && this.state === "accepted") this.release();
    return false;
  }

  // ---- the read loop: one frame at a time, each dispatched as its own task (workerd readLoop) ----

  static #receiveNextStep(core: SocketCore): void {
    core.#receiveNext();
  }

  #receiveNext(): void {
    this.#requireTransport().receive(SocketCore.#onFrame, this);
  }

  /** The receive resumed the read loop; entering JavaScript (IoContext::run) takes more hops. */
  static #onFrame(result: Frame | TransportFailure, core: SocketCore): void {
    afterHops(HOPS.dispatch - 1, SocketCore.#onReceivedStep, core, result);
  }

  static #onReceivedStep(core: SocketCore, result: Frame | TransportFailure): boolean {
    return core.#onReceived(result);
  }

  #onReceived(result: Frame | TransportFailure): boolean {
    if (isFailure(result)) {
      this.#readLoopEnded(result);
      return false;
    }
    this.observer?.received?.(this, result);
    if (this.hibernation !== undefined) return this.#onHibernatableFrame(this.hibernation, result);
    if (result.kind === "close") return this.#onCloseFrame(result.code, result.reason);
    const data = result.kind === "text" ? result.data : this.#binaryData(result.data);
    if (!hasObservers(this.target, "message")) {
      // No JavaScript ran: the read loop asks for the next frame at once.
      this.#receiveNext();
      return false;
    }
    const event = createRuntimeMessageEvent(data);
    const { thrown } = dispatchInContext(this, event);
    this.observer?.dispatched?.(this, event);
    if (thrown.length > 0) {
      // The exception leaves context.run and ends the read loop (the socket errors); workerd also
      // logs it ("Uncaught Error: …" with the stack, workerd-observed.md 30-throwing-listener).
      for (const error of thrown) this.context.reportUncaught(error);
      this.#readLoopEnded({ kind: "protocol", error: throughKj(thrown[0]) });
    } else {
      // The read loop loops back to receive() once context.run has returned, i.e. after the
      // microtasks the listeners queued: the loop waits for them before its next hop anyway, and
      // the read loop's turn comes first (no allocation per message).
      deliveryLoop.afterMicrotasks(SocketCore.#receiveNextStep, this);
    }
    return true;
  }

  /**
   * A frame of a hibernatable socket goes to its receiver. workerd: messages are strings or
   * ArrayBuffers whatever binaryType says (global-scope.c++ sendHibernatableWebSocketMessage); a
   * Close ends the read loop and marks the socket closed incoming before webSocketClose runs
   * (initiateHibernatableRelease), with no automatic reply.
   */
  #onHibernatableFrame(receiver: HibernatableReceiver, frame: Frame): boolean {
    if (frame.kind === "close") {
      this.closedIncoming = true;
      this.hibernatableRelease = "close";
      this.#noteReadyState("close frame received");
      receiver.ended(this, { kind: "close", code: frame.code, reason: frame.reason, wasClean: true });
      this.tryRelease();
      return true;
    }
    receiver.message(this, frame.kind === "text" ? frame.data : exactBuffer(frame.data));
    return true;
  }

  #binaryData(bytes: Uint8Array): ArrayBuffer | Blob {
    const binaryType = (this.target as unknown as { binaryType: string }).binaryType;
    if (binaryType === "blob") return new Blob([bytes]);
    return bytes.buffer as ArrayBuffer;
  }

  #onCloseFrame(code: number, reason: string): boolean {
    this.closedIncoming = true;
    // workerd: answer a received Close unless half-open, already closed, aborted or released.
    if (!this.allowHalfOpen && !this.closedOutgoing && !this.outgoingAborted && this.state !== "released") {
      this.#outgoingQueue().push({ kind: "close", code, reason });
      this.closedOutgoing = true;
      this.#ensurePumping();
    }
    this.#noteReadyState("close frame received");
    let ranUserCode = false;
    if (hasObservers(this.target, "close")) {
      ranUserCode = true;
      const event = createRuntimeCloseEvent(code, reason, true);
      const { thrown } = dispatchInContext(this, event);
      this.observer?.dispatched?.(this, event);
      if (thrown.length > 0) {
        if (this.context.settings.specCompliantDispatchExceptions) {
          // workerd with spec_compliant_dispatch_exceptions: a close listener's exception is only logged.
          for (const error of thrown) this.context.reportUncaught(error);
        } else {
          // The exception leaves dispatch before tryReleaseNative(), and ends the read loop; it is
          // logged on its way out, as a message listener's is.
          for (const error of thrown) this.context.reportUncaught(error);
          this.#readLoopEnded({ kind: "protocol", error: throughKj(thrown[0]) });
          return true;
        }
      }
    }
    this.tryRelease();
    return ranUserCode;
  }

  /** The read loop's completion handler (startReadLoop's .then), a few hops after it ends. */
  #readLoopEnded(failure: TransportFailure): void {
    afterCoroutine(SocketCore.#readLoopEndedStep, this, failure, undefined);
  }

  static #readLoopEndedStep(core: SocketCore, failure: TransportFailure): boolean {
    return core.#afterReadLoop(failure);
  }

  #afterReadLoop(failure: TransportFailure): boolean {
    const receiver = this.hibernation;
    if (receiver !== undefined && this.hibernatableRelease === undefined) {
      // workerd handleSocketTermination: a disconnection before any Close is a webSocketClose
      // 1006, anything else a webSocketError; either way the socket reads no more.
      const lost = failure.kind === "disconnected" && !this.closedIncoming;
      this.closedIncoming = true;
      this.hibernatableRelease = lost ? "close" : "error";
      this.#noteReadyState(lost ? "peer disconnected" : "error");
      receiver.ended(
        this,
        lost
          ? {
              kind: "close",
              code: 1006,
              reason: "WebSocket disconnected without sending Close frame.",
              wasClean: false,
            }
          : { kind: "error", error: failureToError(failure) },
      );
      if (lost) this.tryRelease();
      return true;
    }
    if (failure.kind === "disconnected" && !this.closedIncoming) {
      const event = createRuntimeCloseEvent(
        1006,
        "WebSocket disconnected without sending Close frame.",
        false,
      );
      const outcome = this.dispatchReported(event);
      if (outcome === "threw") return true;
      this.closedIncoming = true;
      this.#noteReadyState("peer disconnected");
      this.tryRelease();
      return outcome === "ran";
    }
    this.closedIncoming = true;
    this.reportError(failure.kind === "protocol" ? failure.error : networkConnectionLost());
    return true;
  }

  static #onPeerAbortedStep(core: SocketCore): boolean {
    return core.#onPeerAborted();
  }

  /** The transport's whenAborted callback (the socket is its argument: no closure per socket). */
  static #whenPeerAborted(core: SocketCore): void {
    afterHops(HOPS.aborted, SocketCore.#onPeerAbortedStep, core, undefined);
  }

  /** workerd Accepted::createAbortTask: the other end went away. */
  #onPeerAborted(): boolean {
    if (this.state !== "accepted") return false;
    this.outgoingAborted = true;
    if (!this.isPumping && this.closedIncoming) this.release();
    return false;
  }

  #requireTransport(): Transport {
    const transport = this.#transport;
    if (!transport) throw new Error("workers-ws internal error: socket has no transport");
    return transport;
  }

  #noteReadyState(cause: string): void {
    const now = this.readyState;
    if (now !== this.#lastReadyState) {
      const from = this.#lastReadyState;
      this.#lastReadyState = now;
      this.observer?.readyStateChanged?.(this, cause, from);
    }
  }
}

/**
 * A listener exception that ends the read loop travels as a kj exception and is turned back into
 * a JavaScript value for the error event. A thrown primitive comes back as an Error whose message
 * is its string form (observed: `throw 42` gives "Uncaught Error: 42"). Error objects keep their
 * class and message here (workerd rebuilds them; see the spec tests for what is compared).
 */
function throughKj(thrown: unknown): Error {
  if (typeof thrown === "object" && thrown !== null) return thrown as Error;
  if (typeof thrown === "function") return thrown as unknown as Error;
  return new Error(String(thrown));
}

/** The bytes as an ArrayBuffer of their own (a view into a larger buffer is copied). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
    return bytes.buffer as ArrayBuffer;
  return bytes.slice().buffer as ArrayBuffer;
}

function failureToError(failure: TransportFailure): unknown {
  return failure.kind === "protocol" ? failure.error : networkConnectionLost();
}

/**
 * Runs `step(core, arg)` after `hops` further hops of the delivery loop (a continuation's
 * event-loop turns): at once for 0, else queued with a delay of `hops - 1` (deliveryLoop.enqueueStep),
 * which takes the same turns as a chain of hops each queuing the next.
 */
function afterHops<A, B>(
  hops: number,
  step: (core: SocketCore, a: A, b: B) => boolean,
  core: SocketCore,
  a: A,
  b?: B,
): void {
  if (hops <= 0) {
    step(core, a, b as B);
    return;
  }
  deliveryLoop.enqueueStep(step, core, a, b as B, hops - 1);
}

/**
 * Runs `step(core, a, b)` as the JavaScript continuation of a coroutine that just ended,
 * HOPS.continuation hops later: kj fulfilling the promise the continuation awaits arms it
 * depth-first, so the first hop runs right after the current one; entering JavaScript then
 * queues breadth-first.
 */
function afterCoroutine<A, B>(
  step: (core: SocketCore, a: A, b: B) => boolean,
  core: SocketCore,
  a: A,
  b: B,
): void {
  deliveryLoop.enqueueStepDepthFirst(step, core, a, b, HOPS.continuation - 1);
}

/**
 * Dispatches `event` in the socket's I/O context. Once that context was aborted (a Durable Object
 * instance evicted or reset), its listeners never run again (workerd: observed with
 * ctx.abort(), the object's end sees no close when its connection is cut).
 */
function dispatchInContext(core: SocketCore, event: Event): { thrown: unknown[] } {
  if (isIoContextAborted(core.ioContext)) return { thrown: [] };
  return runInIoContext(core.ioContext, dispatch, core.target, event);
}
