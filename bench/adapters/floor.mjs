/**
 * The floor: the least work that can move a message between two objects the way a Workers test
 * observes it, and nothing more. Each end is a Node EventTarget; send() queues a microtask that
 * dispatches a MessageEvent at the other end; close() does the same with an Event("close").
 * No WebSocket semantics: no accept, no states, no queue before accept, no close handshake, no
 * copy of binary data, no validation. What workers-ws costs beyond this is its emulation.
 *
 * createFloorAdapter({ copyBinary: true }) is "floor-copying" (adapters/floor-copying.mjs): the
 * same floor, except that send() copies binary data into a new ArrayBuffer, as workerd does, so
 * that binary throughput has a floor that pays for the copy workers-ws must make.
 */
class FloorSocket extends EventTarget {
  peer = null;

  send(data) {
    const peer = this.peer;
    queueMicrotask(() => {
      peer.dispatchEvent(new MessageEvent("message", { data }));
    });
  }

  close() {
    const peer = this.peer;
    queueMicrotask(() => {
      peer.dispatchEvent(new Event("close"));
    });
  }
}

/** A subclass, so that the plain floor's sockets carry no flag (its memory figure stays its own). */
class CopyingFloorSocket extends FloorSocket {
  send(data) {
    super.send(copyBytes(data));
  }
}

/** The bytes of a view or buffer in a new ArrayBuffer (strings pass through). */
function copyBytes(data) {
  if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  if (data instanceof ArrayBuffer) return data.slice(0);
  return data;
}

export async function createAdapter() {
  return createFloorAdapter({ name: "floor", copyBinary: false });
}

export function createFloorAdapter({ name, copyBinary }) {
  return {
    name,
    version: `EventTarget + queueMicrotask${copyBinary ? ", binary copied at send()" : ""} (Node ${process.versions.node})`,
    notes: {},
    repliesToCloseItself: false,
    copiesBinaryOnSend: copyBinary,
    /** Its close event is a plain Event: no code, reason or wasClean to check. */
    closeEventsHaveCodes: false,
    createPair() {
      const Socket = copyBinary ? CopyingFloorSocket : FloorSocket;
      const a = new Socket();
      const b = new Socket();
      a.peer = b;
      b.peer = a;
      return [a, b];
    },
    accept() {},
    receiveArrayBuffers() {},
    readyState() {
      return undefined;
    },
    /** Nothing is left in flight once the last event has been dispatched. */
    settle() {
      return Promise.resolve();
    },
    async releaseAll() {},
    dispose() {},
  };
}
