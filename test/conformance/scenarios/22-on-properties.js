// on<type> properties: not defined on WebSocket, yet assigning one makes the runtime call it, before
// every addEventListener listener.

export const scenarios = {
  notDefined: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    for (const name of ["onmessage", "onclose", "onerror", "onopen"]) {
      t.log(name, { in: name in ws, value: ws[name] });
    }
  },

  assignedHandlerRunsFirst: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    server.accept();
    server.addEventListener("message", (event) => t.log("listener", event.data));
    server.onmessage = (event) => t.log("onmessage", event.data);
    client.send("a");
    await t.sleep(20);
    t.log("own keys", Object.keys(server));
  },

  reassignAndDisable: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    server.accept();
    server.onmessage = (event) => t.log("first handler", event.data);
    server.onmessage = (event) => {
      t.log("second handler", event.data);
      if (event.data === "a") server.onmessage = null;
      if (event.data === "c") server.onmessage = "not a function";
    };
    server.addEventListener("message", (event) => {
      t.log("listener", event.data);
      if (event.data === "b") server.onmessage = (later) => t.log("third handler", later.data);
    });
    client.send("a");
    client.send("b");
    client.send("c");
    client.send("d");
    await t.sleep(20);
  },

  oncloseAndThis: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    server.accept();
    server.onclose = function (event) {
      t.log("onclose", { code: event.code, thisIsServer: this === server });
    };
    server.addEventListener("close", () => t.log("close listener"));
    client.close(4000, "x");
    await t.sleep(20);
  },
};
