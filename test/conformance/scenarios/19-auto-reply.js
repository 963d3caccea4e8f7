// The receiver of a Close frame with the default accept(): what its close handler sees, whether the
// initiator ever hears back, and which code the reply carries.

export const scenarios = {
  handlerBehaviour: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("close", (event) => {
      t.state("in server close handler", client, server);
      t.try("server.close(event.code, event.reason)", () => server.close(event.code, event.reason));
      t.state("after reply", client, server);
      t.try("server.send after reply", () => server.send("x"));
    });
    client.close(1000, "initiator");
    await t.sleep(30);
    t.state("final", client, server);
  },

  noReply: async (t) => {
    const [client, server] = t.pair();
    client.close(3001, "no reply expected?");
    await t.sleep(100);
    t.state("after 100ms", client, server);
  },

  echoedCode: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("close", () => {
      t.try("manual reply 4999", () => server.close(4999, "manual reply"));
    });
    client.close(4123, "please echo");
    await t.sleep(30);
  },

  closeWithoutCodeEchoes1005: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("close", () => server.close());
    client.close();
    await t.sleep(30);
    t.state("final", client, server);
  },
};
