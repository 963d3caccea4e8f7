import { type Frame, isFailure, type Transport, type TransportFailure } from "../transport/transport.js";

/**
 * Couples two transports frame by frame, both directions at once: what one side receives is sent
 * to the other, and the next frame is asked for only once that send is done, so the rendezvous
 * (and with it backpressure) holds end to end. serve() uses it to join the pipe end a Worker's
 * returned WebSocket held to the real connection, as workerd couples a returned end to the
 * client's connection (WebSocket::couple pumps both ways).
 *
 * A direction ends after it carried a Close frame, or when a send into its side failed; both
 * sides are dropped once both directions ended (kj joinPromises waits for both pumps), so a Close
 * read from a connection whose writes already failed still reaches the Worker's end. A side that
 * goes away without a Close drops the other (its peer sees 1006); a fault read from one side
 * (e.g. a message over the size limit) reaches the other side as that fault.
 *
 * When the Worker's end already waits to receive as the coupling begins, kj hands the client's
 * first frame to that waiting receive (BlockedReceive::tryPumpFrom) and goes on pumping after it,
 * even when it is a Close. That direction then never ends: the coupling is not dropped after the
 * close handshake, and the Worker's end, released by itself once it answered, gets no "Network
 * connection lost." (observed at both dates: a client whose first frame is its Close;
 * test/conformance/network clientClosesFirst).
 */
export function bridgeTransports(inner: Transport, outer: Transport): void {
  let finished = 0;
  let dropped = false;
  const drop = (): void => {
    if (dropped) return;
    dropped = true;
    inner.release();
    outer.release();
  };
  // The client's first frame goes to a receive already waiting (see above).
  let firstToWaitingReceive = inner.peerWaitingToReceive?.() ?? false;
  const forward = (from: Transport, to: Transport): void => {
    const carry = (
      result: Frame | TransportFailure,
      forwarded?: (failure?: TransportFailure) => void,
    ): void => {
      if (dropped) return;
      if (isFailure(result)) {
        dropped = true;
        // A protocol fault (e.g. the size limit) reaches the coupled socket as itself.
        if (result.kind === "protocol") to.release(result);
        else to.release();
        from.release();
        return;
      }
      to.send(result, (failure) => {
        // A pump out of a pipe end: the sender resumes only now (kj BlockedPumpTo), so the Worker's
        // end that sent the last Close is dropped (both directions done) before its own pump's
        // continuation runs, and gets "Network connection lost." as an in-request pair's answering
        // end does (observed over TCP at both dates; test/conformance/network).
        forwarded?.(failure);
        const pumpsOn = from === outer && firstToWaitingReceive;
        if (from === outer) firstToWaitingReceive = false;
        if (dropped) return;
        if (!failure && result.kind !== "close") forward(from, to);
        else if (failure || !pumpsOn) {
          if (++finished === 2) drop();
        }
      });
    };
    if (from.receiveToForward) from.receiveToForward(carry);
    else from.receive(carry, undefined);
  };
  inner.whenAborted(() => {
    // The coupled socket dropped its end (released, or the runtime disposed of it).
    if (!dropped) {
      dropped = true;
      outer.release();
    }
  }, undefined);
  // The outer side needs no abort watch: when its connection ends, its receive yields the Close
  // frame or the failure last, after every frame that came before it.
  forward(inner, outer);
  forward(outer, inner);
}
