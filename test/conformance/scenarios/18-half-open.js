// accept({ allowHalfOpen }) overrides the date's default: true keeps the receiver CLOSING and able to
// send; false answers a received Close automatically even in 2024.

export const scenarios = {
  halfOpenReceiverKeepsSending: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    server.accept({ allowHalfOpen: true });
    server.addEventListener("close", () => {
      t.try("server.send in close handler", () => server.send("in handler"));
    });
    client.close(1000, "client done");
    await t.sleep(20);
    t.try("server.send later", () => server.send("later"));
    await t.sleep(20);
    t.state("still half open", client, server);
    t.try("server.close", () => server.close(1000, "server done"));
    t.state("after server.close", client, server);
    await t.sleep(20);
    t.state("final", client, server);
  },

  halfOpenFalseForcesAutoReply: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept();
    server.accept({ allowHalfOpen: false });
    server.addEventListener("close", () => {
      t.try("server.send in close handler", () => server.send("x"));
      t.try("server.close in close handler", () => server.close(4000, "ignored?"));
    });
    client.close(1000, "client done");
    await t.sleep(30);
    t.state("final", client, server);
  },

  bothHalfOpen: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept({ allowHalfOpen: true });
    server.accept({ allowHalfOpen: true });
    server.close(1000, "server first");
    await t.sleep(20);
    t.try("client.send", () => client.send("client still talking"));
    await t.sleep(20);
    t.try("client.close", () => client.close(1000, "client second"));
    await t.sleep(20);
    t.state("final", client, server);
  },

  halfOpenInitiatorUnaffected: async (t) => {
    const [client, server] = t.pair({ accept: false });
    client.accept({ allowHalfOpen: true });
    server.accept();
    client.close(1000, "half-open initiator");
    await t.sleep(30);
    t.state("final", client, server);
  },
};
