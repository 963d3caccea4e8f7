import { deliveryLoop, internalHop } from "../scheduler/delivery-loop.js";
import { createPairPipe } from "./pair-pipe.js";
import type { Frame, Transport, TransportFailure } from "./transport.js";

/**
 * workerd WebSocket::couple(): the caller of a returned WebSocket does not share the pipe with the
 * end the Worker kept; two pumps carry frames between the pipe end and the caller's connection.
 * When the caller's side goes away, the pipe end is dropped only once those pumps have wound down,
 * some event-loop turns later. So the Worker's end, having finished a close handshake, releases
 * itself first and never sees the "Network connection lost." error that an in-request pair's
 * answering end gets (observed: workerd-observed.md §5 item 4; conformance 32-dispatch).
 */
export const COUPLING_RELEASE_HOPS = 4;

export function coupleTransport(inner: Transport): Transport {
  let released = false;
  const coupled: Transport = {
    send(frame: Frame, done: (failure?: TransportFailure) => void): void {
      inner.send(frame, done);
    },
    receive<A>(onFrame: (result: Frame | TransportFailure, arg: A) => void, arg: A): void {
      inner.receive(onFrame, arg);
    },
    whenAborted<A>(callback: (arg: A) => void, arg: A): void {
      inner.whenAborted(callback, arg);
    },
    release(failure?: TransportFailure): void {
      if (released) return;
      released = true;
      releaseAfter(COUPLING_RELEASE_HOPS, inner, failure);
    },
  };
  innerOf.set(coupled, inner);
  return coupled;
}

const innerOf = new WeakMap<Transport, Transport>();

/**
 * The pipe end under a coupled transport. serve() joins a returned end to a real connection
 * directly: over a network connection the Worker's end learns of the release as an in-request pair
 * does, and gets "Network connection lost." after the handshake (observed over TCP,
 * test/conformance/network).
 */
export function uncoupled(transport: Transport): Transport {
  return innerOf.get(transport) ?? transport;
}

function releaseAfter(hops: number, inner: Transport, failure: TransportFailure | undefined): void {
  if (hops <= 0) {
    inner.release(failure);
    return;
  }
  deliveryLoop.enqueue(internalHop(() => releaseAfter(hops - 1, inner, failure)));
}

/**
 * The connection a caller gets when workerd refused to couple the returned end (it was accepted,
 * created by `new WebSocket()` or already returned): the 101 arrives, but the other side is gone.
 * Observed order after `accept(); send(x)`: close 1006 (readyState still 1), then the error
 * "Network connection lost." from the failed send; a failed send therefore completes one turn
 * later than the failed read that started before it, and the end learns that the other side is
 * gone a turn after accept() (kj whenAborted() resolving), so a send() right after accept()
 * still reaches the pump.
 */
export function lostConnection(): Transport {
  const [lost, dropped] = createPairPipe();
  dropped.release();
  return {
    send(frame: Frame, done: (failure?: TransportFailure) => void): void {
      deliveryLoop.enqueue(internalHop(() => lost.send(frame, done)));
    },
    receive<A>(onFrame: (result: Frame | TransportFailure, arg: A) => void, arg: A): void {
      lost.receive(onFrame, arg);
    },
    whenAborted<A>(callback: (arg: A) => void, arg: A): void {
      deliveryLoop.enqueue(internalHop(() => lost.whenAborted(callback, arg)));
    },
    release(): void {
      lost.release();
    },
  };
}
