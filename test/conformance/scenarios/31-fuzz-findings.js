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

  // Both ends half-open; the second accepts only after the first closed (fuzzer seed, 2023-06-01).
  halfOpenCloseBeforePeerAccepts: async (t) => {
    const [a, b] = t.pair({ accept: false, names: ["end0", "end1"] });
    a.accept({ allowHalfOpen: true });
    a.close();
    b.accept({ allowHalfOpen: true });
    b.close(1000, undefined);
    await t.sleep(30);
    t.state("final", a, b);
  },

  // The same without allowHalfOpen: the end that closed second gets the error, not the first closer.
  closeBeforePeerAcceptsThenPeerCloses: async (t) => {
    const [a, b] = t.pair({ accept: false, names: ["end0", "end1"] });
    a.accept();
    a.close();
    b.accept();
    b.close(1000);
    await t.sleep(30);
    t.state("final", a, b);
  },

  // A half-open end that already received its peer's Close sends, then closes (fuzzer seed,
  // 2023-06-01, with the hop-race interleavings included).
  halfOpenSendsAndClosesAfterPeerClosed: async (t) => {
    const [a, b] = t.pair({ accept: false, names: ["end0", "end1"] });
    a.accept();
    a.close(3000);
    b.accept({ allowHalfOpen: true });
    await t.sleep(10);
    b.send(new Uint8Array(0));
    b.close();
    await t.sleep(30);
    t.state("final", a, b);
  },

  // The peer sends while a half-open initiator's Close is in flight to it (fuzzer seed, 2023-06-01
  // + web_socket_auto_reply_to_close, with the hop-race interleavings included).
  sendWhileHalfOpenInitiatorsCloseInFlight: async (t) => {
    const [a, b] = t.pair({ accept: false, names: ["end0", "end1"] });
    b.accept();
    a.accept({ allowHalfOpen: true });
    a.close(1000, undefined);
    b.send(new ArrayBuffer(0));
    await t.sleep(30);
    t.state("final", a, b);
  },

  // The reference model's extrapolations, checked here rather than assumed.

  acceptAfterHandshake: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "done");
    await t.sleep(10);
    t.try("server.close() (a manual reply where the date needs one)", () => server.close(1000, "reply"));
    await t.sleep(10);
    t.try("client.accept() after the handshake", () => client.accept());
    t.try("server.accept() after the handshake", () => server.accept());
    t.state("final", client, server);
  },

  binaryTypeReadAtDelivery: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    client.send(new Uint8Array([1, 2, 3]));
    server.binaryType = "blob";
    await t.sleep(10);
  },

  reasonTooLongWithoutCode: async (t) => {
    const [client] = t.pair({ tap: false });
    t.try("close(undefined, 200-byte reason)", () => client.close(undefined, "r".repeat(200)));
    t.try("close(999, 200-byte reason)", () => client.close(999, "r".repeat(200)));
  },

  closeAfterPeerListenerThrew: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", () => {
      throw new Error("boom");
    });
    client.send("a");
    await t.sleep(20);
    t.try("client.close(1000) after its peer errored", () => client.close(1000, "late"));
    t.try("server.accept() after its own listener threw", () => server.accept());
    await t.sleep(20);
    t.state("final", client, server);
  },
};
