// new WebSocket(url, protocols) to a Worker: CONNECTING, open, OPEN, the subprotocol and extensions
// it negotiates, calls while connecting, and the failure path (error, then close 1006).
// `io.webSocketUrl(serve)` (harness/serve.js) is a URL whose upgrade request `serve` answers; in
// workerd it goes over a real loopback connection, so each case waits for an event rather than a
// time, and stops before what only network timing orders (which end learns first that the
// connection is gone after a close handshake).

/** Answers the upgrade: logs what the Worker was asked and greets. */
function greetServe(t, { protocol } = {}) {
  return (request) => {
    t.log("server saw", {
      path: new URL(request.url).pathname,
      upgrade: request.headers.get("upgrade"),
      protocols: request.headers.get("sec-websocket-protocol"),
    });
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.send("hello");
    const headers = protocol ? { "Sec-WebSocket-Protocol": protocol } : {};
    return new Response(null, { status: 101, webSocket: client, headers });
  };
}

const fields = (ws) => ({ rs: ws.readyState, protocol: ws.protocol, extensions: ws.extensions });
const next = (ws, type) => new Promise((resolve) => ws.addEventListener(type, resolve, { once: true }));

export const scenarios = {
  connectsWithProtocols: async (t, io) => {
    const ws = new WebSocket(io.webSocketUrl(greetServe(t, { protocol: "chat" })), ["chat", "superchat"]);
    t.log("constructed", fields(ws));
    t.tap("client", ws);
    ws.addEventListener("open", () => {
      t.log("in open", fields(ws));
      t.try("accept once open", () => ws.accept());
    });
    await next(ws, "message");
    t.log("after greeting", fields(ws));
  },

  connectsWithoutProtocols: async (t, io) => {
    const ws = new WebSocket(io.webSocketUrl(greetServe(t)));
    t.tap("client", ws);
    ws.addEventListener("open", () => t.log("in open", fields(ws)));
    await next(ws, "message");
  },

  // workerd does not check the server's choice against the offer: protocol reads what it sent.
  serverNamesUnofferedProtocol: async (t, io) => {
    const ws = new WebSocket(io.webSocketUrl(greetServe(t, { protocol: "other" })), ["chat"]);
    t.tap("client", ws);
    await next(ws, "message");
    t.log("protocol", ws.protocol);
  },

  serverNamesProtocolUnasked: async (t, io) => {
    const ws = new WebSocket(io.webSocketUrl(greetServe(t, { protocol: "chat" })));
    t.tap("client", ws);
    await next(ws, "message");
    t.log("protocol", ws.protocol);
  },

  callsWhileConnecting: async (t, io) => {
    const ws = new WebSocket(io.webSocketUrl(greetServe(t)));
    t.tap("client", ws);
    t.try("send while connecting", () => ws.send("early"));
    t.try("accept while connecting", () => ws.accept());
    await next(ws, "open");
  },

  serverDoesNotUpgrade: async (t, io) => {
    const ws = new WebSocket(
      io.webSocketUrl(() => new Response("Expected Upgrade: websocket", { status: 426 })),
    );
    t.tap("client", ws);
    await next(ws, "close");
    t.try("send after failure", () => ws.send("x"));
    t.try("close after failure", () => ws.close());
  },

  serverClosesRightAway: async (t, io) => {
    const ws = new WebSocket(
      io.webSocketUrl(() => {
        const [client, server] = Object.values(new WebSocketPair());
        server.accept();
        server.close(4001, "nope");
        return new Response(null, { status: 101, webSocket: client });
      }),
    );
    t.tap("client", ws);
    await next(ws, "close");
  },
};
