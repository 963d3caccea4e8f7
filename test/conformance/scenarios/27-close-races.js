// The close handshake racing messages still in flight: which side gets the post-handshake error, and
// when a reply never arrives (1006). workerd decides these by the order in which its pumps and read
// loops resume, so each case pins one interleaving (see the comment at the top of socket-core.ts).

/** The client closes; the server answers from its close listener with `reply`. */
const replyFromHandler =
  (reply, windowMs = 30) =>
  async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("close", () => reply(t, server));
    client.close(1000, "init");
    await t.sleep(windowMs);
    t.state("final", client, server);
  };

export const scenarios = {
  // A bare close() reply (2024): the replier gets the error. With a message before it, the reply
  // waits in the pipe, the replier releases itself first, and nobody gets an error.
  replyCloseOnly: replyFromHandler((t, s) => t.try("close", () => s.close(1000, "r"))),
  replySendThenClose: replyFromHandler((t, s) => {
    t.try("send", () => s.send("a"));
    t.try("close", () => s.close(1000, "r"));
  }),
  replyTwoSendsThenClose: replyFromHandler((t, s) => {
    t.try("send a", () => s.send("a"));
    t.try("send b", () => s.send("b"));
    t.try("close", () => s.close(1000, "r"));
  }),
  replyCloseInMicrotask: replyFromHandler((t, s) => {
    queueMicrotask(() => t.try("close", () => s.close(1000, "r")));
  }),
  replySendThenCloseInMicrotask: replyFromHandler((t, s) => {
    t.try("send", () => s.send("a"));
    queueMicrotask(() => t.try("close", () => s.close(1000, "r")));
  }),
  // (a longer window: the timer must fire well before the observation ends, even on a busy machine)
  replySendThenCloseInTimeout: replyFromHandler((t, s) => {
    t.try("send", () => s.send("a"));
    setTimeout(() => t.try("close", () => s.close(1000, "r")), 0);
  }, 80),

  // The same reply with listeners only where needed: dispatching or not must not change the timing.
  replyWithoutTaps: async (t) => {
    const [client, server] = t.pair({ tap: false });
    server.addEventListener("close", () => {
      server.send("a");
      server.close(1000, "r");
    });
    server.addEventListener("error", () => t.log("server error"));
    client.addEventListener("close", (event) => t.log("client close", event.code));
    client.addEventListener("error", () => t.log("client error"));
    client.close(1000, "init");
    await t.sleep(30);
    t.state("final", client, server);
  },
  replyOnlyServerTapped: async (t) => {
    const [client, server] = t.pair({ tap: false });
    t.tap("server", server);
    server.addEventListener("close", () => {
      server.send("a");
      server.close(1000, "r");
    });
    client.close(1000, "init");
    await t.sleep(30);
    t.state("final", client, server);
  },

  // The peer's messages and the initiator's close in one turn, in every order (2026: auto-reply).
  peerSendsThenInitiatorCloses: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    client.close(1000, "x");
    await t.sleep(30);
    t.state("final", client, server);
  },
  initiatorClosesThenPeerSends: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "x");
    server.send("s1");
    await t.sleep(30);
    t.state("final", client, server);
  },
  peerSendsTwiceThenInitiatorCloses: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    server.send("s2");
    client.close(1000, "x");
    await t.sleep(30);
    t.state("final", client, server);
  },
  peerSendsAroundCloseTwice: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    client.close(1000, "x");
    server.send("s2");
    server.send("s3");
    await t.sleep(30);
    t.state("final", client, server);
  },
  initiatorClosesThenPeerSendsTwice: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "x");
    server.send("s1");
    server.send("s2");
    await t.sleep(30);
    t.state("final", client, server);
  },

  // The server closes while the client's messages are in flight.
  serverSendsClosesClientSends: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    server.close(1000, "bye");
    client.send("c2");
    await t.sleep(30);
    t.state("final", client, server);
  },
  clientSendsAroundServerClose: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    server.close(1000, "bye");
    client.send("c2");
    await t.sleep(30);
    t.state("final", client, server);
  },
  bothSendThenServerCloses: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    server.send("s1");
    server.close(1000, "bye");
    await t.sleep(30);
    t.state("final", client, server);
  },
  serverClosesThenClientSends: async (t) => {
    const [client, server] = t.pair();
    server.close(1000, "bye");
    client.send("c2");
    await t.sleep(30);
    t.state("final", client, server);
  },

  // A listener's microtask sends behind a message the peer has not taken yet: the pump must still
  // be running when that microtask runs (the read loop asks for the next frame only after it).
  microtaskCloseBehindQueuedMessage: async (t) => {
    const [client, server] = t.pair();
    client.addEventListener("message", (event) => {
      if (event.data === "m1")
        queueMicrotask(() => t.try("server.close", () => server.close(1000, "after m1")));
    });
    server.send("m1");
    server.send("m2");
    await t.sleep(30);
    t.state("final", client, server);
  },

  // The same after the server received the client's Close (2024: half-open, so it may still send):
  // if the read loop asked for m2 before the microtask, the server's pump would finish early and its
  // continuation would cut the late Close off.
  microtaskReplyBehindQueuedMessage: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "init");
    await t.sleep(10);
    client.addEventListener("message", (event) => {
      if (event.data === "m1") queueMicrotask(() => t.try("server.close", () => server.close(1000, "late")));
    });
    t.try("send m1", () => server.send("m1"));
    t.try("send m2", () => server.send("m2"));
    await t.sleep(30);
    t.state("final", client, server);
  },

  // An echo server answering the message sent just before the client's close (the matchers' example).
  echoAnswersMessageBeforeClose: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) =>
      server.send(`echo: ${typeof event.data === "string" ? event.data : "binary"}`),
    );
    client.send("hello");
    await t.sleep(10);
    client.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    client.close(1000, "done");
    await t.sleep(30);
    t.state("final", client, server);
  },
};
