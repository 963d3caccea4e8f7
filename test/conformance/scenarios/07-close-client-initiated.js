// The client end starts the close handshake: what each side sees, in which readyState, and what the
// receiver may still do (manual reply in 2024, automatic echo in 2026).

export const scenarios = {
  clientCloses: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "bye");
    t.state("right after close", client, server);
    await t.sleep(20);
    t.state("after delivery", client, server);
    t.try("server.close(1001, 'going')", () => server.close(1001, "going"));
    await t.sleep(20);
    t.state("final", client, server);
  },

  messagesBeforeCloseComeFirst: async (t) => {
    const [client] = t.pair();
    client.send("a");
    client.send(new Uint8Array([0xb]));
    client.close(3000, "after messages");
    await t.sleep(20);
  },

  unicodeReason: async (t) => {
    const [client] = t.pair();
    client.close(4000, "zürich – 東京 😀");
    await t.sleep(20);
  },

  peerSendsFromCloseHandler: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("close", () => {
      t.try("server.send in close handler", () => server.send("late words"));
      t.try("server.close in close handler", () => server.close(1000, "handler reply"));
    });
    client.close(1000, "initiator");
    await t.sleep(30);
    t.state("final", client, server);
  },

  initiatorReceivesWhileClosing: async (t) => {
    const [client, server] = t.pair();
    server.send("s1");
    client.close(1000, "x");
    server.send("s2");
    await t.sleep(30);
    t.state("final", client, server);
  },

  peerSendsAfterReceivingClose: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "done");
    await t.sleep(20);
    t.try("server.send after receiving close", () => server.send("after close"));
    await t.sleep(20);
    t.state("final", client, server);
  },
};
