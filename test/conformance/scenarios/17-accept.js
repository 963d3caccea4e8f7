// accept(): repeated calls, accepted option shapes, and accept() after closing or being closed.

export const scenarios = {
  acceptTwiceIsNoOp: async (t) => {
    const [client, server] = t.pair({ accept: false });
    t.try("first accept", () => server.accept());
    t.try("second accept", () => server.accept());
    t.try("third accept with options", () => server.accept({ allowHalfOpen: true }));
    client.accept();
    client.send("x");
    await t.sleep(20);
  },

  laterOptionsIgnored: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    server.accept({ allowHalfOpen: false });
    server.accept({ allowHalfOpen: true });
    client.close(1000, "probe");
    await t.sleep(20);
    t.state("final", client, server);
  },

  optionShapes: async (t) => {
    for (const [label, options] of [
      ["undefined", undefined],
      ["null", null],
      ["{}", {}],
      ["{allowHalfOpen:'yes'}", { allowHalfOpen: "yes" }],
      ["{allowHalfOpen:0}", { allowHalfOpen: 0 }],
      ["{other:1}", { other: 1 }],
      ["42", 42],
      ["'str'", "str"],
      ["true", true],
      ["[]", []],
      ["function", () => {}],
    ]) {
      const [ws] = Object.values(new WebSocketPair());
      t.try(`accept(${label})`, () => ws.accept(options));
      t.log(
        `${label} accepted`,
        (() => {
          try {
            ws.send("probe");
            return true;
          } catch {
            return false;
          }
        })(),
      );
    }
  },

  acceptAfterOwnClose: async (t) => {
    const [client] = t.pair();
    client.close(1000, "bye");
    t.try("accept after own close", () => client.accept());
    await t.sleep(20);
    t.try("accept after delivery", () => client.accept());
  },

  acceptAfterReceivingClose: async (t) => {
    const [client, server] = t.pair();
    server.close(1000, "server closes");
    await t.sleep(20);
    t.try("client.accept() after receiving close", () => client.accept());
    t.state("final", client, server);
  },
};
