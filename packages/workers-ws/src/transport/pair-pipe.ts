import { deliveryLoop } from "../scheduler/delivery-loop.js";
import type { Frame, Transport, TransportFailure } from "./transport.js";

/**
 * The in-memory pipe between the two ends of a WebSocketPair, modelled on kj::newWebSocketPipe():
 * each direction is a rendezvous with no buffer of its own. A send waits until the other end asks
 * to receive; the side that was waiting resumes depth-first, the side that arrived second
 * breadth-first (scheduler/delivery-loop.ts). Messages for an end that has not
 * accepted yet stay in the sender's queue (websocket/socket-core.ts), not here.
 *
 * Dropping an end aborts both directions: a pending receive or send on the other end fails as
 * disconnected, and the other end's whenAborted callbacks run.
 */
const PEER_GONE: TransportFailure = {
  kind: "disconnected",
  message: "other end of WebSocketPipe was destroyed",
};

type ForwardingReceiver = Parameters<NonNullable<Transport["receiveToForward"]>>[0];
type FrameReceiver = (result: Frame | TransportFailure, arg: unknown) => void;

class Direction {
  #blockedSend: { frame: Frame; done: (failure?: TransportFailure) => void } | undefined;
  #blockedReceive: FrameReceiver | undefined;
  #blockedReceiveArg: unknown;
  /** A waiting pump (receiveToForward): the sender resumes when it forwarded the frame. */
  #blockedForward: ForwardingReceiver | undefined;
  aborted = false;
  /** What pending and later operations fail with once aborted (the peer dropped: disconnected). */
  #failure: TransportFailure = PEER_GONE;

  send(frame: Frame, done: (failure?: TransportFailure) => void): void {
    if (this.aborted) {
      const failure = this.#failure;
      deliveryLoop.enqueueInternal(done, failure, undefined);
      return;
    }
    const pump = this.#blockedForward;
    const receiver = this.#blockedReceive;
    if (pump) {
      this.#blockedForward = undefined;
      deliveryLoop.enqueueInternal(pump, frame, done);
    } else if (receiver) {
      // kj BlockedReceive::send: fulfilling the waiting receive arms the receiver depth-first;
      // the send itself returns a ready promise, so the sender resumes breadth-first.
      const arg = this.#blockedReceiveArg;
      this.#blockedReceive = this.#blockedReceiveArg = undefined;
      deliveryLoop.enqueueInternalDepthFirst(receiver, frame, arg);
      deliveryLoop.enqueueInternal(done, undefined, undefined);
    } else {
      this.#blockedSend = { frame, done };
    }
  }

  receive(onFrame: FrameReceiver, arg: unknown): void {
    if (this.aborted) {
      const failure = this.#failure;
      deliveryLoop.enqueueInternal(onFrame, failure, arg);
      return;
    }
    const sender = this.#blockedSend;
    if (sender) {
      // kj BlockedSend::receive: fulfilling the waiting send arms the sender depth-first, ahead of
      // everything already queued; the receive returns a ready promise, so the receiver resumes
      // breadth-first (a coroutine awaiting a ready promise still suspends). That lets a pump whose
      // queue is now empty finish before a Close already on its way back to it is handled, and is
      // why a message queued before accept() reaches JavaScript later than one that arrives later.
      this.#blockedSend = undefined;
      deliveryLoop.enqueueInternalDepthFirst(sender.done, undefined, undefined);
      deliveryLoop.enqueueInternal(onFrame, sender.frame, arg);
    } else {
      this.#blockedReceive = onFrame;
      this.#blockedReceiveArg = arg;
    }
  }

  /**
   * kj WebSocketPipeImpl::pumpTo (BlockedPumpTo): a pump waiting on the pipe takes a send straight
   * to its output, and the sender resumes only when `forwarded` runs. Unlike receive(), a sender
   * that was already waiting is not resumed first.
   */
  receiveToForward(onFrame: ForwardingReceiver): void {
    if (this.aborted) {
      const failure = this.#failure;
      deliveryLoop.enqueueInternal(onFrame, failure, ignoreFailure);
      return;
    }
    const sender = this.#blockedSend;
    if (sender) {
      this.#blockedSend = undefined;
      deliveryLoop.enqueueInternal(onFrame, sender.frame, sender.done);
      return;
    }
    this.#blockedForward = onFrame;
  }

  get hasBlockedReceive(): boolean {
    return this.#blockedReceive !== undefined;
  }

  abort(failure: TransportFailure = PEER_GONE): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#failure = failure;
    const sender = this.#blockedSend;
    const receiver = this.#blockedReceive;
    const receiverArg = this.#blockedReceiveArg;
    const pump = this.#blockedForward;
    this.#blockedSend = undefined;
    this.#blockedReceive = this.#blockedReceiveArg = undefined;
    this.#blockedForward = undefined;
    // kj: rejecting a waiting operation arms its waiter depth-first, as fulfilling it does.
    if (sender) deliveryLoop.enqueueInternalDepthFirst(sender.done, failure, undefined);
    if (receiver) deliveryLoop.enqueueInternalDepthFirst(receiver, failure, receiverArg);
    if (pump) deliveryLoop.enqueueInternalDepthFirst(pump, failure, ignoreFailure);
  }
}

/** The `forwarded` of a failed read: no sender waits on it. */
function ignoreFailure(): void {}

class PipeEnd implements Transport {
  /**
   * The whenAborted callbacks with their arguments, oldest first: the first in fields of its own
   * (a socket registers one), any later ones in an array [callback, arg, …] made when needed.
   */
  #abortCallback: ((arg: unknown) => void) | undefined = undefined;
  #abortArg: unknown = undefined;
  #moreAbortCallbacks: unknown[] | undefined = undefined;
  #released = false;
  peer!: PipeEnd;

  constructor(
    private readonly incoming: Direction,
    private readonly outgoing: Direction,
  ) {}

  send(frame: Frame, done: (failure?: TransportFailure) => void): void {
    this.outgoing.send(frame, done);
  }

  receive<A>(onFrame: (result: Frame | TransportFailure, arg: A) => void, arg: A): void {
    this.incoming.receive(onFrame as FrameReceiver, arg);
  }

  receiveToForward(onFrame: ForwardingReceiver): void {
    this.incoming.receiveToForward(onFrame);
  }

  peerWaitingToReceive(): boolean {
    return this.outgoing.hasBlockedReceive;
  }

  whenAborted<A>(callback: (arg: A) => void, arg: A): void {
    if (this.peer.#released) callback(arg);
    else if (this.#abortCallback === undefined) {
      this.#abortCallback = callback as (arg: unknown) => void;
      this.#abortArg = arg;
    } else {
      this.#moreAbortCallbacks ??= [];
      this.#moreAbortCallbacks.push(callback, arg);
    }
  }

  release(failure?: TransportFailure): void {
    if (this.#released) return;
    this.#released = true;
    this.#abortCallback = this.#abortArg = this.#moreAbortCallbacks = undefined;
    this.incoming.abort(failure);
    this.outgoing.abort(failure);
    const peer = this.peer;
    const first = peer.#abortCallback;
    const firstArg = peer.#abortArg;
    const more = peer.#moreAbortCallbacks;
    peer.#abortCallback = peer.#abortArg = peer.#moreAbortCallbacks = undefined;
    if (first !== undefined) first(firstArg);
    if (more !== undefined) {
      for (let i = 0; i < more.length; i += 2) (more[i] as (arg: unknown) => void)(more[i + 1]);
    }
  }
}

/** Two connected transports, one per end of a WebSocketPair. */
export function createPairPipe(): [Transport, Transport] {
  const aToB = new Direction();
  const bToA = new Direction();
  const a = new PipeEnd(bToA, aToB);
  const b = new PipeEnd(aToB, bToA);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
