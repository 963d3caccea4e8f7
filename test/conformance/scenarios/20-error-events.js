// The `error` event the answering side gets after a completed close handshake: its shape, who gets
// it, what the socket allows afterwards, and when it does not appear.

export const scenarios = {
  errorEventShape: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("error", (event) => {
      t.log("event", event);
      t.log("error", {
        isError: event.error instanceof Error,
        className: event.error?.constructor?.name,
        message: event.error?.message,
        isErrorEvent: event instanceof ErrorEvent,
        tag: Object.prototype.toString.call(event),
      });
      t.log("own keys", Object.keys(event));
    });
    client.close(1000, "a");
    await t.sleep(20);
    server.close(1000, "b");
    await t.sleep(20);
  },

  socketAfterErrorEvent: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("error", () => {
      t.try("send in error handler", () => server.send("x"));
      t.try("close in error handler", () => server.close(1000));
      t.try("accept in error handler", () => server.accept());
    });
    client.close(1000, "a");
    await t.sleep(20);
    server.close(1000, "b");
    await t.sleep(20);
    t.try("send afterwards", () => server.send("y"));
    t.try("close afterwards", () => server.close());
    t.state("final", client, server);
  },

  replyQueuedBehindMessageGetsNoError: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "init");
    await t.sleep(10);
    t.try("server.send", () => server.send("one more"));
    t.try("server.close", () => server.close(1000, "reply"));
    await t.sleep(50);
    t.state("final", client, server);
  },

  replyAfterMessageDeliveredGetsError: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "init");
    await t.sleep(10);
    t.try("server.send", () => server.send("one more"));
    await t.sleep(10);
    t.try("server.close", () => server.close(1000, "reply"));
    await t.sleep(30);
    t.state("final", client, server);
  },

  initiatorNeverGetsError: async (t) => {
    const [client, server] = t.pair();
    client.addEventListener("error", () => t.log("client error listener ran"));
    client.close(1000, "init");
    await t.sleep(10);
    server.close(1000, "reply");
    await t.sleep(50);
  },

  // The "Network connection lost." error is made from a kj exception with no JavaScript on the
  // stack: its stack is the message line alone, whichever end gets it.
  lostErrorStackHasNoFrames: async (t) => {
    const [client, server] = t.pair();
    for (const [name, ws] of [
      ["client", client],
      ["server", server],
    ]) {
      ws.addEventListener("error", (event) => t.log(`${name} error stack`, String(event.error?.stack)));
    }
    client.close(1000, "bye");
    await t.sleep(30);
  },
};
