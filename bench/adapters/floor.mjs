/**
 * The floor: the least work that can move a message between two objects the way a Workers test
 * observes it, and nothing more. Each end is a Node EventTarget; send() queues a microtask that
 * dispatches a MessageEvent at the other end; close() does the same with an Event("close").
 * No WebSocket semantics: no accept, no states, no queue before accept, no close handshake, no
 * copy of binary data, no validation. What workers-ws costs beyond this is its emulation.
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

export async function createAdapter() {
  return {
    name: "floor",
    version: `EventTarget + queueMicrotask (Node ${process.versions.node})`,
    notes: {},
    repliesToCloseItself: false,
    copiesBinaryOnSend: false,
    createPair() {
      const a = new FloorSocket();
      const b = new FloorSocket();
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
