// new Response(...) with a webSocket: status rules, body rules, the type of `webSocket`, and the
// absence of any socket-state check at construction.

export const scenarios = {
  status101WithoutWebSocket: async (t) => {
    t.try("status 101, no webSocket", () => new Response(null, { status: 101 }));
    t.try("status 101, webSocket null", () => new Response(null, { status: 101, webSocket: null }));
    t.try("status 101, webSocket undefined", () => new Response(null, { status: 101, webSocket: undefined }));
    for (const status of [100, 199, 600, 0]) {
      t.try(`status ${status}`, () => new Response(null, { status }));
    }
  },

  webSocketWithWrongStatus: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    t.try("default status", () => new Response(null, { webSocket: client }));
    t.try("status 200", () => new Response(null, { status: 200, webSocket: client }));
    t.try("status 426", () => new Response(null, { status: 426, webSocket: client }));
    t.try("status 204", () => new Response(null, { status: 204, webSocket: client }));
    t.try("status 101", () => new Response(null, { status: 101, webSocket: client }).status);
  },

  bodyWith101: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    t.try("string body", () => new Response("body", { status: 101, webSocket: client }));
    t.try("empty string body", () => new Response("", { status: 101, webSocket: client }).status);
    t.try("bytes body", () => new Response(new Uint8Array([1]), { status: 101, webSocket: client }));
    t.try(
      "empty bytes body",
      () => new Response(new Uint8Array(0), { status: 101, webSocket: client }).status,
    );
    t.try("stream body", () => new Response(new ReadableStream(), { status: 101, webSocket: client }));
  },

  wrongWebSocketType: async (t) => {
    for (const [label, value] of [
      ["{}", {}],
      ["'x'", "x"],
      ["42", 42],
      ["pair", new WebSocketPair()],
    ]) {
      t.try(`webSocket: ${label}`, () => new Response(null, { status: 101, webSocket: value }));
    }
  },

  noStateCheckAtConstruction: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    t.name("client", client);
    t.name("server", server);
    server.accept();
    t.try("accepted end", () => new Response(null, { status: 101, webSocket: server }).webSocket);
    t.try("client end", () => new Response(null, { status: 101, webSocket: client }).webSocket);
    t.try("same socket again", () => new Response(null, { status: 101, webSocket: client }).webSocket);
    t.try("client.accept() afterwards", () => client.accept());
    server.close(1000, "closed");
    t.try("closed end", () => new Response(null, { status: 101, webSocket: server }).status);
    t.state("states", client, server);
  },

  headersAndStatusText: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    const response = t.try(
      "with headers and statusText",
      () =>
        new Response(null, {
          status: 101,
          statusText: "Upgrade!",
          headers: { "sec-websocket-protocol": "chat" },
          webSocket: client,
        }),
    );
    t.log("statusText", response.statusText);
    t.log("headers", [...response.headers]);
    t.try(
      "invalid statusText",
      () => new Response(null, { status: 101, statusText: "bad\n", webSocket: client }),
    );
  },
};
