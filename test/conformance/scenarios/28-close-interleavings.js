// More close handshakes with traffic around them: simultaneous closes with messages, half-open
// replies, a close queued before the peer accepts, bursts and ping-pong cut short by a close, a
// throwing listener while closing, and two pairs whose handshakes interleave.

export const scenarios = {
  simultaneousCloseAfterMessages: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    server.send("s1");
    client.close(1000, "c");
    server.close(1001, "s");
    await t.sleep(30);
    t.state("final", client, server);
  },

  simultaneousCloseServerSendsFirst: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "c");
    server.send("s1");
    server.close(1001, "s");
    await t.sleep(30);
    t.state("final", client, server);
  },

  bothSendTwiceThenClose: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    client.send("c2");
    client.close(1000, "c");
    server.send("s1");
    server.send("s2");
    server.close(1000, "s");
    await t.sleep(30);
    t.state("final", client, server);
  },

  halfOpenReplierSendsFromCloseListener: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    server.accept({ allowHalfOpen: true });
    server.addEventListener("close", () => {
      t.try("send h1", () => server.send("h1"));
      t.try("send h2", () => server.send("h2"));
    });
    client.send("c1");
    client.close(1000, "c");
    await t.sleep(20);
    t.try("server.close", () => server.close(1000, "later"));
    await t.sleep(30);
    t.state("final", client, server);
  },

  // The peer accepts and sends in one turn: its message reaches the initiator before the queued ones
  // reach the peer (a frame waiting at accept() is dispatched a hop later).
  closeQueuedBeforeAcceptThenPeerSends: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.send("a");
    client.send("b");
    client.close(1000, "c");
    await t.sleep(10);
    server.accept();
    t.try("server.send", () => server.send("from server"));
    await t.sleep(30);
    t.state("final", client, server);
  },

  burstCutShortByListenerClose: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => {
      if (event.data === "2") t.try("server.close", () => server.close(1000, "enough"));
    });
    for (const message of ["1", "2", "3", "4"]) client.send(message);
    await t.sleep(30);
    t.state("final", client, server);
  },

  burstCutShortByCloseInMicrotask: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => {
      if (event.data === "2")
        Promise.resolve().then(() => t.try("server.close", () => server.close(1000, "enough")));
    });
    for (const message of ["1", "2", "3", "4"]) client.send(message);
    await t.sleep(30);
    t.state("final", client, server);
  },

  pingPongThenClose: async (t) => {
    const [client, server] = t.pair();
    let answers = 0;
    server.addEventListener("message", (event) => server.send(`re ${event.data}`));
    client.addEventListener("message", () => {
      answers += 1;
      if (answers < 3) client.send(`q${answers}`);
      else client.close(1000, "done");
    });
    client.send("q0");
    await t.sleep(30);
    t.state("final", client, server);
  },

  throwingMessageListenerWhileClosing: async (t) => {
    const [client, server] = t.pair();
    client.addEventListener("message", () => {
      throw new Error("boom");
    });
    server.send("s1");
    client.close(1000, "x");
    server.send("s2");
    await t.sleep(30);
    t.state("final", client, server);
  },

  sendFromPeersErrorListener: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("error", () => t.try("client.send", () => client.send("after")));
    client.close(1000, "a");
    await t.sleep(20);
    t.state("final", client, server);
  },

  peerSendsAfterMicrotasksWhileInitiatorCloses: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "x");
    await t.turns(3);
    server.send("s1");
    server.send("s2");
    await t.sleep(30);
    t.state("final", client, server);
  },

  twoPairsInterleaved: async (t) => {
    const [a1, a2] = t.pair({ names: ["a1", "a2"] });
    const [b1, b2] = t.pair({ names: ["b1", "b2"] });
    a2.send("x");
    b1.close(1000, "b");
    a1.close(1000, "a");
    b2.send("y");
    await t.sleep(30);
    t.state("final", a1, a2, b1, b2);
  },

  closeFromMessageListenerWithMoreQueued: async (t) => {
    const [client, server] = t.pair();
    client.addEventListener("message", (event) => {
      if (event.data === "m1") t.try("client.close", () => client.close(1000, "got m1"));
    });
    server.send("m1");
    server.send("m2");
    server.send("m3");
    await t.sleep(30);
    t.state("final", client, server);
  },

  throwingPeerListenerWhileInitiatorCloses: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", () => {
      throw new Error("server boom");
    });
    client.send("c1");
    client.close(1000, "bye");
    await t.sleep(30);
    t.state("final", client, server);
  },

  // Without any listener nothing is dispatched, but the handshake and its release run the same way.
  handshakeWithoutListeners: async (t) => {
    const [client, server] = t.pair({ tap: false });
    server.send("a");
    client.close(1000, "x");
    server.send("b");
    await t.sleep(30);
    t.state("final", client, server);
    t.try("server.send", () => server.send("c"));
    t.try("client.send", () => client.send("c"));
  },

  bothHalfOpenWithMessages: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept({ allowHalfOpen: true });
    server.accept({ allowHalfOpen: true });
    client.send("c1");
    client.close(1000, "c");
    server.send("s1");
    await t.sleep(10);
    t.try("server.send s2", () => server.send("s2"));
    t.try("server.close", () => server.close(1000, "s"));
    await t.sleep(30);
    t.state("final", client, server);
  },

  initiatorClosesOnFirstEcho: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => server.send(`echo ${event.data}`));
    client.addEventListener("message", (event) => {
      if (event.data === "echo 1") t.try("client.close", () => client.close(1000, "enough"));
    });
    client.send("1");
    client.send("2");
    client.send("3");
    await t.sleep(30);
    t.state("final", client, server);
  },

  lateAcceptThenCloseWithCloseQueued: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.send("a");
    client.close(1000, "c");
    await t.sleep(5);
    server.accept();
    t.try("server.close", () => server.close(1001, "s"));
    await t.sleep(30);
    t.state("final", client, server);
  },
};
