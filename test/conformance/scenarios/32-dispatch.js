// A Response returned by a fetch handler, as its caller sees it: the coupled caller end, a 101 to a
// request without Upgrade, returning an accepted end or a new WebSocket(), plain responses, and the
// caller end before and after accept(). `io.fetch(init, serve)` (harness/serve.js) sends a request
// that `serve` answers; each side only touches the sockets its own request created.

const UPGRADE = { headers: { Upgrade: "websocket" } };

/** A handler that upgrades, taps its kept end as "server" and echoes what it receives. */
function echoServe(t, { accept = true, greet } = {}) {
  return (request) => {
    t.log("server saw upgrade", request.headers.get("upgrade"));
    const [client, server] = Object.values(new WebSocketPair());
    t.tap("server", server);
    if (accept) server.accept();
    if (greet) server.send(greet);
    server.addEventListener("message", (event) => server.send(`echo ${event.data}`));
    return new Response(null, { status: 101, webSocket: client });
  };
}

/** The caller's view of a Response. */
function logResponse(t, label, response) {
  t.log(label, {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    webSocket: response.webSocket === null ? null : typeof response.webSocket,
  });
}

export const scenarios = {
  upgradeAndEcho: async (t, io) => {
    const response = await io.fetch(UPGRADE, echoServe(t));
    logResponse(t, "caller response", response);
    const caller = response.webSocket;
    t.tap("caller", caller);
    t.log("caller before accept", {
      rs: caller.readyState,
      url: caller.url,
      protocol: caller.protocol,
      extensions: caller.extensions,
    });
    caller.accept();
    caller.send("hi");
    await t.sleep(20);
    caller.close(1000, "client done");
    t.state("after caller close", caller);
    await t.sleep(20);
  },

  callerEndBeforeAccept: async (t, io) => {
    const response = await io.fetch(UPGRADE, echoServe(t, { greet: "queued greeting" }));
    const caller = response.webSocket;
    t.tap("caller", caller);
    t.try("send before accept", () => caller.send("early"));
    await t.sleep(20);
    t.log("accepting");
    caller.accept();
    t.try("accept twice", () => caller.accept());
    await t.sleep(20);
    caller.close(1000);
    await t.sleep(20);
  },

  serverClosesFirst: async (t, io) => {
    const response = await io.fetch(UPGRADE, () => {
      const [client, server] = Object.values(new WebSocketPair());
      t.tap("server", server);
      server.accept();
      server.close(4001, "nope");
      return new Response(null, { status: 101, webSocket: client });
    });
    const caller = response.webSocket;
    t.tap("caller", caller);
    caller.accept();
    await t.sleep(20);
    t.try("caller close", () => caller.close(1000, "ok"));
    await t.sleep(20);
  },

  webSocketWithoutUpgradeHeader: async (t, io) => {
    await t.try("fetch without Upgrade", () =>
      io.fetch({}, () => {
        const [client] = Object.values(new WebSocketPair());
        return new Response(null, { status: 101, webSocket: client });
      }),
    );
  },

  acceptedEndReturned: async (t, io) => {
    const response = await io.fetch(UPGRADE, () => {
      const [client, server] = Object.values(new WebSocketPair());
      client.accept();
      server.accept();
      return new Response(null, { status: 101, webSocket: client });
    });
    logResponse(t, "caller response", response);
    const caller = response.webSocket;
    t.tap("caller", caller);
    t.try("caller accept", () => caller.accept());
    t.try("caller send", () => caller.send("lost"));
    await t.sleep(20);
  },

  acceptedEndReturnedNoSend: async (t, io) => {
    const response = await io.fetch(UPGRADE, () => {
      const [client] = Object.values(new WebSocketPair());
      client.accept();
      return new Response(null, { status: 101, webSocket: client });
    });
    const caller = response.webSocket;
    t.tap("caller", caller);
    caller.accept();
    await t.sleep(20);
    t.state("after wait", caller);
  },

  newWebSocketReturned: async (t, io) => {
    const response = await t.try("fetch", () =>
      io.fetch(UPGRADE, () => {
        const ws = new WebSocket("ws://127.0.0.1:1/");
        t.log("returned end rs", ws.readyState);
        return new Response(null, { status: 101, webSocket: ws });
      }),
    );
    if (response) {
      logResponse(t, "caller response", response);
      const caller = response.webSocket;
      t.tap("caller", caller);
      t.try("caller accept", () => caller.accept());
      t.try("caller send", () => caller.send("x"));
      await t.sleep(20);
    }
  },

  holderAfterReturn: async (t, io) => {
    const response = await io.fetch(UPGRADE, () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      t.tap("server", server);
      const returned = new Response(null, { status: 101, webSocket: client });
      // The holder's end after the Response is sent: checked once the caller has it.
      setTimeout(() => {
        t.try("holder accept", () => client.accept());
        t.try("holder send", () => client.send("ignored"));
        t.try("holder close", () => client.close(1000));
        t.log("holder rs", client.readyState);
        t.try("new Response again", () => new Response(null, { status: 101, webSocket: client }).status);
      }, 5);
      return returned;
    });
    const caller = response.webSocket;
    t.tap("caller", caller);
    caller.accept();
    await t.sleep(20);
    caller.send("from caller");
    await t.sleep(20);
  },

  plainResponse: async (t, io) => {
    const response = await io.fetch({ method: "POST", body: "ping" }, async (request) => {
      t.log("server saw", request.method, await request.text(), request.headers.get("upgrade"));
      return new Response("pong", { status: 201, headers: { "x-answer": "yes" } });
    });
    t.log(
      "caller",
      response.status,
      response.statusText,
      response.headers.get("x-answer"),
      await response.text(),
    );
    t.log("caller webSocket", response.webSocket);
  },

  fetchOtherSchemes: async (t) => {
    // Unreachable ports: what is checked here is refused before any connection.
    await t.try("fetch ws:", () => fetch("ws://127.0.0.1:1/"));
    await t.try("fetch wss: with Upgrade", () =>
      fetch("wss://127.0.0.1:1/", { headers: { Upgrade: "websocket" } }),
    );
    await t.try("fetch ftp:", () => fetch("ftp://127.0.0.1:1/"));
  },

  upgradeRequestPlainAnswer: async (t, io) => {
    const response = await io.fetch(
      UPGRADE,
      () => new Response("Expected Upgrade: websocket", { status: 426 }),
    );
    t.log("caller", response.status, await response.text(), response.webSocket);
  },

  handlerReturnsWrongType: async (t, io) => {
    // workerd checks a synchronous result against 'Promise' and a promise's value against 'Response'.
    const results = {
      "sync undefined": () => undefined,
      "sync string": () => "text",
      "sync null": () => null,
      "sync object": () => ({ status: 200 }),
      "async undefined": async () => undefined,
      "async string": async () => "text",
      "promise of a promise of a string": () => Promise.resolve(Promise.resolve("text")),
      // Not a case here: a custom thenable counts as a promise only from unwrap_custom_thenables
      // (2024-04-01), a flag the suite's configurations do not control.
    };
    for (const [label, handler] of Object.entries(results)) {
      await t.try(label, async () => {
        const response = await io.fetch({}, handler);
        return [response.status, await response.text()];
      });
    }
  },

  handlerThrows: async (t, io) => {
    await t.try("sync throw", () =>
      io.fetch({}, () => {
        throw new RangeError("sync boom");
      }),
    );
    await t.try("async throw", () =>
      io.fetch({}, async () => {
        throw new RangeError("async boom");
      }),
    );
  },
};
