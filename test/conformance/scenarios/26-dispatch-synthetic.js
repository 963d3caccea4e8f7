// dispatchEvent() of synthetic events on a WebSocket: synchronous, works before accept(), and does not
// touch the socket's state.

export const scenarios = {
  syntheticMessageBeforeAccept: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.tap("ws", ws);
    t.log("before dispatch");
    t.try("dispatchEvent", () => ws.dispatchEvent(new MessageEvent("message", { data: "fake" })));
    t.log("after dispatch");
  },

  syntheticCloseKeepsState: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.tap("ws", ws);
    ws.accept();
    t.try("dispatch CloseEvent", () =>
      ws.dispatchEvent(new CloseEvent("close", { code: 4000, reason: "fake", wasClean: false })),
    );
    t.state("after", ws);
    t.try("send still works", () => ws.send("x"));
  },

  plainEventAsMessage: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    ws.addEventListener("message", (event) => t.log("listener", event));
    ws.dispatchEvent(new Event("message"));
  },

  preventDefault: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    ws.addEventListener("custom", (event) => event.preventDefault());
    t.try("cancelable", () => ws.dispatchEvent(new Event("custom", { cancelable: true })));
    t.try("not cancelable", () => ws.dispatchEvent(new Event("custom")));
  },

  invalidArguments: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.try("dispatchEvent('string')", () => ws.dispatchEvent("string"));
    t.try("dispatchEvent()", () => ws.dispatchEvent());
    const event = new Event("x");
    ws.addEventListener("x", () => {
      t.try("re-dispatch during dispatch", () => ws.dispatchEvent(event));
    });
    t.try("first dispatch", () => ws.dispatchEvent(event));
    t.try("second dispatch of the same event", () => ws.dispatchEvent(event));
  },

  onPropertyWithSyntheticEvent: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    ws.addEventListener("message", () => t.log("listener"));
    ws.onmessage = () => t.log("onmessage");
    ws.dispatchEvent(new MessageEvent("message", { data: "fake" }));
  },
};
