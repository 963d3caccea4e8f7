// readyState through a pair's life: OPEN before accept, CLOSING after close(), CLOSED once the close
// handshake completes, and an unaccepted end that never moves.

export const scenarios = {
  lifecycleServerCloses: async (t) => {
    const [client, server] = t.pair({ accept: false });
    t.state("fresh", client, server);
    client.accept();
    t.state("client accepted", client, server);
    server.accept();
    t.state("both accepted", client, server);
    server.close(1000, "done");
    t.state("after server.close", client, server);
    await t.sleep(20);
    t.state("after delivery", client, server);
    // With a manual reply (2024) the handshake is still open here; with the auto-reply it is a no-op.
    t.try("client.close(1000, 'reply')", () => client.close(1000, "reply"));
    t.state("after client.close", client, server);
    await t.sleep(20);
    t.state("final", client, server);
  },

  unacceptedPeerStaysOpen: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.send("never read");
    client.close(1000, "bye");
    t.state("after client.close", client, server);
    await t.sleep(30);
    t.state("after 30ms", client, server);
  },

  lateAcceptGetsBufferedClose: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.close(1000, "early");
    await t.sleep(20);
    t.state("before late accept", client, server);
    t.try("server.accept()", () => server.accept());
    t.state("right after accept", client, server);
    await t.sleep(20);
    t.state("final", client, server);
  },

  neverAcceptedEndIgnoresEverything: async (t) => {
    const [client, server] = t.pair({ accept: false });
    server.accept();
    server.send("a");
    server.send(new Uint8Array([1]));
    server.close(4000, "gone");
    await t.sleep(30);
    t.state("client never accepted", client, server);
  },
};
