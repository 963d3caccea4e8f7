// The error thrown by send()/close() before accept(): a plain TypeError, never a DOMException.

export const scenarios = {
  errorShape: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    let error;
    try {
      ws.send("x");
    } catch (e) {
      error = e;
    }
    t.log("error", error);
    t.log("toString tag", Object.prototype.toString.call(error));
    t.log("String(error)", String(error));
    t.log("own names", Object.getOwnPropertyNames(error).sort());
    t.log("instanceof TypeError", error instanceof TypeError);
    t.log("instanceof DOMException", error instanceof DOMException);
    t.log("proto is TypeError.prototype", Object.getPrototypeOf(error) === TypeError.prototype);
  },

  everyEntryPoint: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.try("send(string)", () => ws.send("x"));
    t.try("send(ArrayBuffer)", () => ws.send(new ArrayBuffer(1)));
    t.try("send(Uint8Array)", () => ws.send(new Uint8Array(1)));
    t.try("close()", () => ws.close());
    t.try("close(1000)", () => ws.close(1000));
    t.try("close(4000, 'reason')", () => ws.close(4000, "reason"));
    t.state("still open", ws);
  },

  errorsAreDistinctObjects: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    const errors = [];
    for (let i = 0; i < 2; i++) {
      try {
        ws.send("x");
      } catch (e) {
        errors.push(e);
      }
    }
    t.log("distinct", errors[0] !== errors[1]);
  },
};
