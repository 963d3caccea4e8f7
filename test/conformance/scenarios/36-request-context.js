// I/O objects belong to the request whose handler made them: a WebSocket (or a Response holding one)
// made while handling one request and used from another request's handler. The case body runs in
// its own request; each `io.fetch(init, serve)` runs `serve` in another (harness/serve.js). Objects
// are kept in variables the case's closures share, as a Worker keeps them in module-level state.

const UPGRADE = { headers: { Upgrade: "websocket" } };

/** Every member of a WebSocket that a handler of another request might touch. */
function probe(t, label, ws) {
  t.try(`${label} readyState`, () => ws.readyState);
  t.try(`${label} url`, () => ws.url);
  t.try(`${label} protocol`, () => ws.protocol);
  t.try(`${label} extensions`, () => ws.extensions);
  t.try(`${label} binaryType`, () => ws.binaryType);
  t.try(`${label} set binaryType`, () => {
    ws.binaryType = "arraybuffer";
  });
  t.try(`${label} addEventListener`, () => ws.addEventListener("message", () => {}));
  t.try(`${label} removeEventListener`, () => ws.removeEventListener("message", () => {}));
  t.try(`${label} set onmessage`, () => {
    ws.onmessage = () => {};
  });
  t.try(`${label} dispatchEvent`, () => ws.dispatchEvent(new Event("custom")));
  t.try(`${label} toString`, () => Object.prototype.toString.call(ws));
  t.try(`${label} bufferedAmount`, () => ws.bufferedAmount);
  t.try(`${label} serializeAttachment`, () => ws.serializeAttachment({ n: 1 }));
  t.try(`${label} deserializeAttachment`, () => ws.deserializeAttachment());
  t.try(`${label} accept`, () => ws.accept());
  t.try(`${label} send`, () => ws.send("from elsewhere"));
  t.try(`${label} close`, () => ws.close(1000, "from elsewhere"));
}

export const scenarios = {
  pairFromEarlierRequest: async (t, io) => {
    let kept;
    await io.fetch({}, () => {
      kept = Object.values(new WebSocketPair());
      return new Response("a");
    });
    const response = await io.fetch({}, () => {
      probe(t, "request B, server", kept[1]);
      t.try("request B, new Response with A's client", () => {
        return new Response(null, { status: 101, webSocket: kept[0] }).status;
      });
      return new Response("b");
    });
    t.log("B answered", response.status, await response.text());
  },

  pairFromCaseBody: async (t, io) => {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    t.tap("server", server);
    await io.fetch({}, () => {
      probe(t, "handler, case's client", client);
      return new Response("ok");
    });
    t.state("case's own sockets", client, server);
    await t.sleep(20);
  },

  caseUsesHandlersPair: async (t, io) => {
    let kept;
    await io.fetch({}, () => {
      kept = Object.values(new WebSocketPair());
      kept[1].accept();
      return new Response("kept");
    });
    probe(t, "case, handler's client", kept[0]);
  },

  returnOtherRequestsEnd: async (t, io) => {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    t.tap("server", server);
    await t.try("fetch", () =>
      io.fetch(UPGRADE, () => new Response(null, { status: 101, webSocket: client })),
    );
    t.state("case's server after", server);
    await t.sleep(20);
  },

  returnOtherRequestsResponse: async (t, io) => {
    let kept;
    await io.fetch({}, () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      kept = new Response(null, { status: 101, webSocket: client });
      return new Response("made");
    });
    t.try("case reads kept response", () => [kept.status, kept.webSocket === null]);
    await t.try("fetch returning A's Response", async () => {
      const response = await io.fetch(UPGRADE, () => kept);
      return response.status;
    });
  },

  callerEndUsedByHandler: async (t, io) => {
    const response = await io.fetch(UPGRADE, () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      t.tap("server", server);
      return new Response(null, { status: 101, webSocket: client });
    });
    const caller = response.webSocket;
    await io.fetch({}, () => {
      probe(t, "handler, case's caller end", caller);
      return new Response("ok");
    });
    t.try("case accepts its caller end", () => caller.accept());
    t.try("case sends", () => caller.send("hi"));
    await t.sleep(20);
  },

  whileOtherRequestRuns: async (t, io) => {
    let kept;
    const held = io.fetch({}, async () => {
      kept = Object.values(new WebSocketPair());
      kept[1].accept();
      await new Promise((resolve) => setTimeout(resolve, 30));
      t.try("A still uses its own server", () => kept[1].send("own"));
      return new Response("a");
    });
    await t.sleep(10);
    await io.fetch({}, () => {
      t.try("B reads A's server readyState", () => kept[1].readyState);
      t.try("B sends on A's server", () => kept[1].send("x"));
      return new Response("b");
    });
    const response = await held;
    t.log("A answered", await response.text());
  },

  broadcastAcrossRequests: async (t, io) => {
    // A Worker without a Durable Object keeping its members in a module-level Set.
    const members = new Set();
    const join = (name) => () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      for (const other of members) {
        t.try(`${name} joining: send to ${other.name}`, () => other.socket.send(`${name} joined`));
      }
      members.add({ name, socket: server });
      server.addEventListener("message", (event) => {
        for (const other of members) {
          t.try(`${name}'s listener: send to ${other.name}`, () =>
            other.socket.send(`${name}: ${event.data}`),
          );
        }
      });
      return new Response(null, { status: 101, webSocket: client });
    };
    const first = (await io.fetch(UPGRADE, join("ada"))).webSocket;
    const second = (await io.fetch(UPGRADE, join("bob"))).webSocket;
    t.tap("ada", first);
    t.tap("bob", second);
    first.accept();
    second.accept();
    first.send("hello");
    await t.sleep(20);
  },
};
