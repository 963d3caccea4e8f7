// Before accept(): your own send()/close() throw, the peer's messages and close are buffered and
// delivered after accept(), and events dispatched while nobody listens are lost.

export const scenarios = {
  ownSendAndCloseThrowBeforeAccept: async (t) => {
    const [client, server] = t.pair({ accept: false });
    server.accept();
    t.try("client.send('x') (peer accepted)", () => client.send("x"));
    t.try("client.send(bytes)", () => client.send(new Uint8Array([1])));
    t.try("client.close()", () => client.close());
    t.try("client.close(1000, 'r')", () => client.close(1000, "r"));
    t.try("client.close(999) validates first", () => client.close(999));
    t.state("unchanged", client, server);
  },

  messagesBufferedUntilAccept: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.send("m1");
    client.send("m2");
    await t.sleep(20);
    server.accept();
    t.log("accept returned");
    await t.turns(20);
    t.timeout0("setTimeout(0) after accept");
    await t.sleep(20);
  },

  closeBeforePeerAccept: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.send("m1");
    client.close(1000, "bye");
    await t.sleep(20);
    server.accept();
    await t.sleep(20);
    t.state("final", client, server);
  },

  eventsWithoutListenerAreLost: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    t.name("client", client);
    client.accept();
    server.accept();
    client.send("early 1");
    client.send("early 2");
    await t.sleep(20);
    t.tap("server", server);
    client.send("late");
    await t.sleep(20);
  },

  listenerAddedRightAfterAccept: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    t.name("client", client);
    client.accept();
    client.send("queued");
    await t.sleep(20);
    server.accept();
    t.tap("server", server);
    await t.sleep(20);
  },

  peerSendsBeforeEitherAccepts: async (t) => {
    const [client, server] = t.pair({ accept: false });
    t.try("server.send before any accept", () => server.send("x"));
    client.accept();
    server.accept();
    server.send("after both");
    await t.sleep(20);
  },
};
