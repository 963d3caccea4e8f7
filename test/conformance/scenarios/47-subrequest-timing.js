// When a subrequest's Response reaches its caller, against work the callee started before it
// returned: a microtask chain, a message on a pair the callee holds, a message to a Durable Object's
// hibernatable socket, a body the caller reads, and a timer the callee set. The callee runs behind
// `io.fetch` (a service binding to this same worker in workerd, a routed fetch in the emulation).

/** Case id → the case's tracer, for the object to record into. */
const tracers = new Map();

export const durableObjects = {
  Do47Timing: class {
    constructor(state) {
      this.state = state;
    }
    fetch(request) {
      this.t = tracers.get(new URL(request.url).searchParams.get("case"));
      const [client, server] = Object.values(new WebSocketPair());
      this.state.acceptWebSocket(server);
      return new Response(null, { status: 101, webSocket: client });
    }
    webSocketMessage(_ws, message) {
      this.t.log("object: webSocketMessage", message);
    }
  },
};

/** Logs `steps` links of a promise chain started now, each as its own microtask. */
function chain(t, label, steps) {
  let p = Promise.resolve();
  for (let i = 1; i <= steps; i++) p = p.then(() => t.log(`${label} step ${i}`));
  return p;
}

export const scenarios = {
  microtaskChainVersusResponse: async (t, io) => {
    const response = await io.fetch({}, () => {
      chain(t, "callee chain", 30);
      t.log("callee returns");
      return new Response(null, { status: 204 });
    });
    t.log("caller has the response", response.status);
  },

  asyncCalleeChain: async (t, io) => {
    const response = await io.fetch({}, async () => {
      await null;
      chain(t, "callee chain", 10);
      t.log("callee returns after one await");
      return new Response("ok");
    });
    t.log("caller has the response", response.status);
    t.log("caller read the body", await response.text());
  },

  pairMessageBeforeReturn: async (t, io) => {
    const response = await io.fetch({}, () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      client.accept();
      server.addEventListener("message", (event) => t.log("callee's server got", event.data));
      client.send("one");
      client.send("two");
      t.log("callee returns");
      return new Response("ok");
    });
    t.log("caller has the response", response.status);
    await t.sleep(10);
  },

  manyPairMessagesBeforeReturn: async (t, io) => {
    const response = await io.fetch({}, () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      client.accept();
      server.addEventListener("message", (event) => t.log("callee's server got", event.data));
      for (let i = 1; i <= 12; i++) client.send(`m${i}`);
      return new Response("ok");
    });
    t.log("caller has the response", response.status);
    await t.sleep(10);
  },

  bodyVersusCalleeMessage: async (t, io) => {
    const response = await io.fetch({}, () => {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      client.accept();
      server.addEventListener("message", (event) => t.log("callee's server got", event.data));
      client.send("before the body");
      return new Response("the body");
    });
    t.log("caller has the response");
    t.log("caller read the body", await response.text());
    await t.sleep(10);
  },

  objectMessageBeforeReturn: async (t, io) => {
    tracers.set(t.caseId, t);
    const ns = t.objects.Do47Timing;
    const response = await io.fetch({}, async () => {
      const connected = await ns
        .get(ns.idFromName(t.caseId))
        .fetch(`http://do/connect?case=${encodeURIComponent(t.caseId)}`, {
          headers: { Upgrade: "websocket" },
        });
      const ws = connected.webSocket;
      ws.accept();
      ws.send("m1");
      ws.send("m2");
      t.log("callee returns");
      return new Response("sent");
    });
    t.log("caller has the response", await response.text());
    await t.sleep(50);
  },

  calleeTimerAfterReturn: async (t, io) => {
    const response = await io.fetch({}, () => {
      setTimeout(() => t.log("callee's setTimeout(0) fired"), 0);
      setTimeout(() => t.log("callee's setTimeout(5) fired"), 5);
      t.log("callee returns");
      return new Response("ok");
    });
    t.log("caller has the response", await response.text());
    await t.sleep(50);
    t.log("caller slept 50 ms");
  },

  calleeTimerWhileBodyUnread: async (t, io) => {
    const response = await io.fetch({}, () => {
      setTimeout(() => t.log("callee's setTimeout(0) fired"), 0);
      return new Response("unread for now");
    });
    t.log("caller has the response", response.status);
    await t.sleep(30);
    t.log("caller read the body", await response.text());
    await t.sleep(20);
  },
};
