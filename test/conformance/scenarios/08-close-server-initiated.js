// The server end starts the close handshake, simultaneous closes, and a reply with a different code.

export const scenarios = {
  serverCloses: async (t) => {
    const [client, server] = t.pair();
    server.send("last words");
    server.close(1001, "server going away");
    t.state("right after close", client, server);
    await t.sleep(20);
    t.try("client.close()", () => client.close());
    await t.sleep(20);
    t.state("final", client, server);
  },

  simultaneousServerFirst: async (t) => {
    const [client, server] = t.pair();
    server.close(1000, "from server");
    client.close(3000, "from client");
    t.state("both closing", client, server);
    await t.sleep(30);
    t.state("final", client, server);
  },

  simultaneousClientFirst: async (t) => {
    const [client, server] = t.pair();
    client.close(3000, "from client");
    server.close(1000, "from server");
    t.state("both closing", client, server);
    await t.sleep(30);
    t.state("final", client, server);
  },

  replyWithDifferentCode: async (t) => {
    const [client, server] = t.pair();
    client.addEventListener("close", () => {
      t.try("client replies 3333", () => client.close(3333, "handler reply"));
    });
    server.close(1000, "initiator");
    await t.sleep(30);
    t.state("final", client, server);
  },

  closeAfterMessagesInFlight: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    server.send("s1");
    server.close(1000, "bye");
    client.send("c2");
    await t.sleep(30);
    t.state("final", client, server);
  },
};
