// send() after your own close(), after the peer's close, and inside your own close handler.

export const scenarios = {
  afterOwnClose: async (t) => {
    const [client] = t.pair();
    client.close(1000, "bye");
    t.try("send(string)", () => client.send("x"));
    t.try("send(binary)", () => client.send(new Uint8Array([1])));
    await t.sleep(20);
    t.try("send later", () => client.send("y"));
  },

  afterPeerClose: async (t) => {
    const [client, server] = t.pair();
    server.close(1000, "server done");
    await t.sleep(20);
    t.try("client.send after peer close", () => client.send("to closing server"));
    await t.sleep(20);
  },

  bothClosed: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "a");
    await t.sleep(20);
    server.close(1000, "b");
    await t.sleep(20);
    t.state("both closed", client, server);
    t.try("client.send", () => client.send("x"));
    t.try("server.send", () => server.send("x"));
    t.try("client.close()", () => client.close());
    t.try("server.close(1000, 'again')", () => server.close(1000, "again"));
    await t.sleep(20);
  },

  insideOwnCloseHandler: async (t) => {
    const [client, server] = t.pair();
    client.addEventListener("close", () => {
      t.try("send in close handler", () => client.send("from handler"));
      t.try("close() in close handler", () => client.close());
      t.try("close(1000, 'r') in close handler", () => client.close(1000, "r"));
    });
    server.close(4001, "server first");
    await t.sleep(30);
  },
};
