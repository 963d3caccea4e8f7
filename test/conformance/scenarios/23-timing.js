// When events are delivered relative to microtasks and timers, and in which order across directions.

export const scenarios = {
  sendDelivery: async (t) => {
    const [client] = t.pair();
    client.send("m1");
    t.timeout0("setTimeout(0)");
    await t.turns(1);
    await t.turns(10);
    await t.turns(100);
    await t.sleep(20);
  },

  closeDelivery: async (t) => {
    const [client] = t.pair();
    client.close(1000, "c");
    t.timeout0("setTimeout(0)");
    await t.turns(1);
    await t.turns(100);
    await t.sleep(20);
  },

  pingPongBeforeTimers: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    t.name("client", client);
    t.name("server", server);
    client.accept();
    server.accept();
    server.addEventListener("message", (event) => server.send(`pong ${event.data}`));
    let rounds = 0;
    client.addEventListener("message", () => {
      rounds++;
      t.log("round", rounds);
      if (rounds < 5) client.send(rounds);
    });
    client.send(0);
    t.timeout0("setTimeout(0)");
    await t.sleep(20);
  },

  microtasksBetweenEvents: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    t.name("client", client);
    client.accept();
    server.accept();
    server.addEventListener("message", (event) => {
      const id = event.data;
      t.log(`start ${id}`);
      Promise.resolve().then(() => t.log(`then(${id})`));
      queueMicrotask(() => t.log(`queueMicrotask(${id})`));
      setTimeout(() => t.log(`setTimeout(${id})`), 0);
      t.log(`end ${id}`);
    });
    client.send("a");
    client.send("b");
    client.send("c");
    await t.sleep(20);
  },

  interleaving: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    server.send("s1");
    client.send("c2");
    server.send("s2");
    await t.sleep(20);
  },

  burstAgainstSingle: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    client.send("c2");
    client.send("c3");
    client.send("c4");
    server.send("s1");
    await t.sleep(20);
  },

  sendFromHandler: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => server.send(`reply to ${event.data}`));
    client.send("q1");
    server.send("unsolicited");
    client.send("q2");
    await t.sleep(20);
  },

  acceptDelivery: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    client.send("queued");
    await t.sleep(10);
    server.accept();
    t.timeout0("setTimeout(0) after accept");
    await t.turns(50);
    await t.sleep(20);
  },

  timerScheduledInsideHandler: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => {
      if (event.data === "first") setTimeout(() => t.log("timer from first handler"), 0);
    });
    client.send("first");
    client.send("second");
    client.send("third");
    await t.sleep(20);
  },
};
