// Text messages: content preserved exactly, the MessageEvent's shape, `this` in listeners, ordering.

export const scenarios = {
  stringsArriveUnchanged: async (t) => {
    const [client, server] = t.pair();
    for (const text of ["hello", "", "😀 non-BMP", "tab\tnewline\nNUL\u0000end", "é".repeat(5), " spaces "]) {
      client.send(text);
    }
    server.send("reply");
    await t.sleep(20);
  },

  messageEventShape: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    t.name("client", client);
    t.name("server", server);
    client.accept();
    server.accept();
    server.addEventListener("message", (event) => {
      t.log("event", event);
      t.log("classes", {
        name: event.constructor.name,
        isMessageEvent: event instanceof MessageEvent,
        isEvent: event instanceof Event,
        tag: Object.prototype.toString.call(event),
      });
      t.log("targets are the socket", {
        target: event.target === server,
        currentTarget: event.currentTarget === server,
        srcElement: event.srcElement === server,
      });
      t.log("own keys", Object.keys(event));
      t.log("composedPath", event.composedPath().length);
      t.log("timeStamp type", typeof event.timeStamp);
    });
    client.send("shape");
    await t.sleep(20);
  },

  thisInFunctionListener: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", function () {
      t.log("this === server", this === server);
      t.log("this is undefined", this === undefined);
      t.log("this is globalThis", this === globalThis);
    });
    client.send("x");
    await t.sleep(20);
  },

  burstKeepsOrder: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    server.accept();
    const received = [];
    server.addEventListener("message", (event) => received.push(event.data));
    for (let i = 0; i < 50; i++) client.send(`m${i}`);
    await t.sleep(30);
    t.log("count", received.length);
    t.log(
      "in order",
      received.every((data, i) => data === `m${i}`),
    );
  },

  messageWhileClosing: async (t) => {
    const [client, server] = t.pair();
    client.close(1000, "closing");
    server.send("to a closing client");
    await t.sleep(20);
    t.state("final", client, server);
  },

  listenerReturnValueIgnored: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", () => 42);
    server.addEventListener("message", () => t.log("second listener ran"));
    client.send("x");
    await t.sleep(20);
  },
};
