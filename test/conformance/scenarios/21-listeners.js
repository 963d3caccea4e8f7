// EventTarget listener semantics on a WebSocket: dedupe, once, signal, handleEvent,
// stopImmediatePropagation, removal and addition during dispatch.

function pairWithClientName(t) {
  const [client, server] = Object.values(new WebSocketPair());
  t.name("client", client);
  t.name("server", server);
  client.accept();
  server.accept();
  return [client, server];
}

export const scenarios = {
  sameListenerTwiceRunsOnce: async (t) => {
    const [client, server] = pairWithClientName(t);
    const listener = (event) => t.log("listener", event.data);
    server.addEventListener("message", listener);
    server.addEventListener("message", listener);
    server.addEventListener("message", listener, { once: true });
    server.addEventListener("message", listener, false);
    client.send("a");
    client.send("b");
    await t.sleep(20);
  },

  captureIsRejected: async (t) => {
    const [client, server] = pairWithClientName(t);
    t.try("addEventListener(type, fn, true)", () => server.addEventListener("message", () => {}, true));
    t.try("addEventListener(type, fn, { capture: true })", () =>
      server.addEventListener("message", () => {}, { capture: true }),
    );
    t.try("removeEventListener(type, fn, true)", () => server.removeEventListener("message", () => {}, true));
    client.send("a");
    await t.sleep(20);
  },

  removeEventListener: async (t) => {
    const [client, server] = pairWithClientName(t);
    const listener = (event) => t.log("removed listener", event.data);
    server.addEventListener("message", listener);
    server.addEventListener("message", (event) => t.log("kept listener", event.data));
    server.removeEventListener("message", listener);
    client.send("a");
    await t.sleep(20);
  },

  once: async (t) => {
    const [client, server] = pairWithClientName(t);
    server.addEventListener("message", (event) => t.log("once", event.data), { once: true });
    server.addEventListener("message", (event) => t.log("always", event.data));
    client.send("a");
    client.send("b");
    await t.sleep(20);
  },

  abortSignal: async (t) => {
    const [client, server] = pairWithClientName(t);
    const controller = new AbortController();
    server.addEventListener(
      "message",
      (event) => {
        t.log("signal listener", event.data);
        controller.abort();
      },
      { signal: controller.signal },
    );
    server.addEventListener("message", (event) => t.log("plain listener", event.data));
    const aborted = new AbortController();
    aborted.abort();
    server.addEventListener("message", () => t.log("pre-aborted listener ran"), { signal: aborted.signal });
    client.send("a");
    client.send("b");
    await t.sleep(20);
  },

  handleEventObject: async (t) => {
    const [client, server] = pairWithClientName(t);
    const handler = {
      handleEvent(event) {
        t.log("handleEvent", { data: event.data, thisIsHandler: this === handler });
      },
    };
    server.addEventListener("message", handler);
    client.send("a");
    await t.sleep(20);
  },

  handlerObjectWithoutHandleEvent: async (t) => {
    const [client, server] = pairWithClientName(t);
    t.try("addEventListener(type, {})", () => server.addEventListener("message", {}));
    const late = { handleEvent: undefined };
    t.try("handleEvent undefined", () => server.addEventListener("message", late));
    const changing = { handleEvent: () => t.log("original handleEvent") };
    server.addEventListener("message", changing);
    changing.handleEvent = () => t.log("replaced handleEvent");
    client.send("a");
    await t.sleep(20);
  },

  stopImmediatePropagation: async (t) => {
    const [client, server] = pairWithClientName(t);
    server.addEventListener("message", (event) => {
      t.log("first", event.data);
      if (event.data === "stop") event.stopImmediatePropagation();
    });
    server.addEventListener("message", (event) => t.log("second", event.data));
    client.send("stop");
    client.send("go");
    await t.sleep(20);
  },

  removalDuringDispatch: async (t) => {
    const [client, server] = pairWithClientName(t);
    const second = (event) => t.log("second", event.data);
    server.addEventListener("message", (event) => {
      t.log("first", event.data);
      server.removeEventListener("message", second);
    });
    server.addEventListener("message", second);
    client.send("a");
    await t.sleep(20);
  },

  additionDuringDispatch: async (t) => {
    const [client, server] = pairWithClientName(t);
    let added = false;
    server.addEventListener("message", (event) => {
      t.log("first", event.data);
      if (!added) {
        added = true;
        server.addEventListener("message", (later) => t.log("added during dispatch", later.data));
      }
    });
    client.send("a");
    client.send("b");
    await t.sleep(20);
  },

  closeListenerAddedSameTurnAsPeerClose: async (t) => {
    const [client, server] = pairWithClientName(t);
    client.close(1000, "bye");
    server.addEventListener("close", (event) => t.log("late close listener", event.code));
    await t.sleep(20);
  },

  invalidListenerArguments: async (t) => {
    const [client, server] = pairWithClientName(t);
    t.try("addEventListener('message', null)", () => server.addEventListener("message", null));
    t.try("addEventListener('message')", () => server.addEventListener("message"));
    t.try("addEventListener('message', 'str')", () => server.addEventListener("message", "str"));
    t.try("removeEventListener unknown", () => server.removeEventListener("message", () => {}));
    client.send("a");
    await t.sleep(20);
  },
};
