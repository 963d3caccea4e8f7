// The Hibernation API's auto-response: which messages match, the reply without a handler call, the
// timestamp, WebSocketRequestResponsePair's constructor checks and limits, set/get/clear. Probes run
// inside the object and record through the case's tracer (one isolate holds Worker and objects).

/** Case id → the case's tracer. */
const tracers = new Map();
/** Case id → the probe the object runs on its next /probe request. */
const probes = new Map();

export const durableObjects = {
  Do45Auto: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
    }
    async fetch(request) {
      const url = new URL(request.url);
      const id = url.searchParams.get("case");
      this.t = tracers.get(id);
      if (url.pathname === "/probe") {
        const probe = probes.get(id);
        probes.delete(id);
        await probe(this.state, this);
        return new Response("done");
      }
      const [client, server] = Object.values(new WebSocketPair());
      this.t.name("object's end", server);
      this.state.acceptWebSocket(server);
      this.server = server;
      return new Response(null, { status: 101, webSocket: client });
    }
    webSocketMessage(ws, message) {
      this.t.log("object: webSocketMessage", this.t.describe(message));
      ws.send(`handler got ${typeof message === "string" ? message : `${message.byteLength} bytes`}`);
    }
    webSocketClose() {}
  },
};

function stubFor(t) {
  tracers.set(t.caseId, t);
  const ns = t.objects.Do45Auto;
  return ns.get(ns.idFromName(t.caseId));
}

/** Runs `probe(state, object)` inside this case's object; what it throws is the case's to record. */
async function inObject(t, probe) {
  let failure;
  probes.set(t.caseId, async (state, object) => {
    try {
      await probe(state, object);
    } catch (error) {
      failure = error;
    }
  });
  const response = await stubFor(t).fetch(`http://do/probe?case=${encodeURIComponent(t.caseId)}`);
  await response.text();
  if (failure !== undefined) throw failure;
}

/** Connects a hibernatable socket and returns the tapped, accepted client end. */
async function connect(t) {
  const response = await stubFor(t).fetch(`http://do/connect?case=${encodeURIComponent(t.caseId)}`, {
    headers: { Upgrade: "websocket" },
  });
  const client = t.tap("client", response.webSocket);
  client.accept();
  return client;
}

const setPing = (state) => state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));

export const scenarios = {
  exactMatch: async (t) => {
    await inObject(t, setPing);
    const client = await connect(t);
    client.send("ping");
    client.send("ping ");
    client.send("PING");
    client.send(new TextEncoder().encode("ping"));
    client.send("ping");
    await t.sleep(20);
  },

  noHandlerCall: async (t) => {
    await inObject(t, setPing);
    const client = await connect(t);
    client.send("hello");
    client.send("ping");
    client.send("world");
    client.send("ping");
    await t.sleep(20);
  },

  timestamp: async (t) => {
    await inObject(t, setPing);
    const client = await connect(t);
    await inObject(t, (state, object) => {
      t.try("before any: null", () => state.getWebSocketAutoResponseTimestamp(object.server));
    });
    client.send("ping");
    await t.sleep(20);
    await inObject(t, (state, object) => {
      const stamp = state.getWebSocketAutoResponseTimestamp(object.server);
      t.log("after a ping: a Date", stamp instanceof Date);
      t.log("a fresh Date each call", stamp !== state.getWebSocketAutoResponseTimestamp(object.server));
      state.setWebSocketAutoResponse();
      t.log("kept after clearing", state.getWebSocketAutoResponseTimestamp(object.server) instanceof Date);
      const [other, plain] = Object.values(new WebSocketPair());
      plain.accept();
      t.try("plain-accepted socket", () => state.getWebSocketAutoResponseTimestamp(plain));
      t.try("unaccepted socket", () => state.getWebSocketAutoResponseTimestamp(other));
      t.try("no argument", () => state.getWebSocketAutoResponseTimestamp());
      t.try("not a WebSocket", () => state.getWebSocketAutoResponseTimestamp({}));
    });
  },

  getSetClear: async (t) => {
    await inObject(t, (state) => {
      t.try("get before set", () => state.getWebSocketAutoResponse());
      const pair = new WebSocketRequestResponsePair("ping", "pong");
      t.try("set", () => state.setWebSocketAutoResponse(pair));
      const a = state.getWebSocketAutoResponse();
      const b = state.getWebSocketAutoResponse();
      t.log("get: class, request, response", [a.constructor.name, a.request, a.response]);
      t.log("a new object each call", a !== b && a !== pair);
      t.try("set() clears", () => state.setWebSocketAutoResponse());
      t.try("get after clearing", () => state.getWebSocketAutoResponse());
      t.try("set(undefined) clears", () => state.setWebSocketAutoResponse(undefined));
      t.try("set(null)", () => state.setWebSocketAutoResponse(null));
      t.try("set({ request, response })", () =>
        state.setWebSocketAutoResponse({ request: "a", response: "b" }),
      );
      t.try("set('ping')", () => state.setWebSocketAutoResponse("ping"));
      t.try("get after the failures", () => state.getWebSocketAutoResponse());
    });
  },

  setAfterAccept: async (t) => {
    const client = await connect(t);
    client.send("ping");
    await t.sleep(10);
    await inObject(t, setPing);
    client.send("ping");
    await t.sleep(10);
    await inObject(t, (state) =>
      state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "second pong")),
    );
    client.send("ping");
    await t.sleep(10);
    await inObject(t, (state) => state.setWebSocketAutoResponse());
    client.send("ping");
    await t.sleep(20);
  },

  sendOrder: async (t) => {
    await inObject(t, setPing);
    const client = await connect(t);
    for (const message of ["a", "ping", "b", "ping", "ping", "c"]) client.send(message);
    await t.sleep(20);
  },

  pairConstructor: (t) => {
    t.try("new Pair()", () => new WebSocketRequestResponsePair());
    t.try("new Pair('a')", () => new WebSocketRequestResponsePair("a"));
    t.try("new Pair(1, 2)", () => {
      const pair = new WebSocketRequestResponsePair(1, 2);
      return [pair.request, pair.response];
    });
    t.try("new Pair({}, 'b')", () => new WebSocketRequestResponsePair({}, "b").request);
    t.try("new Pair(null, 'b')", () => new WebSocketRequestResponsePair(null, "b").request);
    t.try("without new", () => WebSocketRequestResponsePair("a", "b"));
    t.try("new Pair('', '')", () => {
      const pair = new WebSocketRequestResponsePair("", "");
      return [pair.request, pair.response];
    });
    const pair = new WebSocketRequestResponsePair("req", "res");
    t.log("class", pair.constructor.name);
    t.log("own keys", Object.keys(pair));
    t.try("assign request", () => {
      pair.request = "changed";
      return pair.request;
    });
    t.try("assign response (strict)", () => {
      pair.response = "changed";
      return pair.response;
    });
    t.log("typeof", typeof WebSocketRequestResponsePair);
  },

  pairLimits: async (t) => {
    const make = (label, request, response) =>
      t.try(`new Pair(${label})`, () => {
        const pair = new WebSocketRequestResponsePair(request, response);
        return [pair.request.length, pair.response.length];
      });
    make("2048, 1", "x".repeat(2048), "r");
    make("2049, 1", "x".repeat(2049), "r");
    make("1, 2049", "q", "x".repeat(2049));
    await inObject(t, (state) => {
      const set = (label, request, response) =>
        t.try(`set(${label})`, () =>
          state.setWebSocketAutoResponse(new WebSocketRequestResponsePair(request, response)),
        );
      set("2048, 2048", "x".repeat(2048), "y".repeat(2048));
      t.log("set to the 2048 pair", state.getWebSocketAutoResponse()?.request.length);
      set("2049, 1", "x".repeat(2049), "r");
      set("1, 2049", "q", "y".repeat(2049));
      set("1025 two-byte chars, 1", "é".repeat(1025), "r");
      set("3000, 3000", "x".repeat(3000), "y".repeat(3000));
      t.log("still the 2048 pair", state.getWebSocketAutoResponse()?.request.length);
    });
  },
};
