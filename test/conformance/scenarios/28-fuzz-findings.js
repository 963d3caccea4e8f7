// Interleavings the model-based fuzzer (test/reliability) generated, run in workerd to decide
// whether the model or the runtime was wrong.

export const scenarios = {
  closeWhilePeerMessageInFlight: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    client.close(1000, "");
    await t.sleep(30);
    t.state("final", client, server);
  },

  closeWhileBothMessagesInFlight: async (t) => {
    const [client, server] = t.pair();
    client.send("c1");
    server.send("s1");
    client.close(1000, "");
    await t.sleep(30);
    t.state("final", client, server);
  },

  closeAfterPeerMessageDelivered: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    await t.sleep(10);
    client.close(1000, "");
    await t.sleep(30);
    t.state("final", client, server);
  },
};
