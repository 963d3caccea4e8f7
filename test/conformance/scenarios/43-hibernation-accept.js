// The Hibernation API's accepting side: ctx.acceptWebSocket argument checks, tags (coercion, dedupe,
// limits), accepting twice, accept() after it, getWebSockets() orders and getTags() errors. The probes
// run inside the object and record through the case's tracer (one isolate holds Worker and objects).

/** Case id → the probe the object runs on its next fetch. */
const probes = new Map();

export const durableObjects = {
  Do43Accept: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
    }
    async fetch(request) {
      const id = new URL(request.url).searchParams.get("case");
      const probe = probes.get(id);
      probes.delete(id);
      await probe(this.state);
      return new Response("done");
    }
    // Present so that accepted sockets have somewhere to deliver; these cases send nothing.
    webSocketMessage() {}
    webSocketClose() {}
  },
};

/** Runs `probe(state)` inside this case's object; what it throws is the case's to record. */
async function inObject(t, probe) {
  let failure;
  probes.set(t.caseId, async (state) => {
    try {
      await probe(state);
    } catch (error) {
      failure = error;
    }
  });
  const ns = t.objects.Do43Accept;
  const response = await ns
    .get(ns.idFromName(t.caseId))
    .fetch(`http://do/?case=${encodeURIComponent(t.caseId)}`);
  await response.text();
  if (failure !== undefined) throw failure;
}

/** A fresh pair, named `<prefix>.client` / `<prefix>.server`. */
function pair(t, prefix) {
  const [client, server] = Object.values(new WebSocketPair());
  t.name(`${prefix}.client`, client);
  t.name(`${prefix}.server`, server);
  return [client, server];
}

export const scenarios = {
  argumentChecks: async (t) => {
    await inObject(t, (state) => {
      t.try("acceptWebSocket()", () => state.acceptWebSocket());
      t.try("acceptWebSocket({})", () => state.acceptWebSocket({}));
      t.try("acceptWebSocket('ws')", () => state.acceptWebSocket("ws"));
      t.try("acceptWebSocket(null)", () => state.acceptWebSocket(null));
      const [, server] = pair(t, "p");
      t.try("tags 'tag'", () => state.acceptWebSocket(server, "tag"));
      t.try("tags {}", () => state.acceptWebSocket(server, {}));
      t.try("tags 1", () => state.acceptWebSocket(server, 1));
      t.try("tags null", () => state.acceptWebSocket(server, null));
      t.try("tags Set", () => state.acceptWebSocket(server, new Set(["a"])));
      t.try("getTags after the failures", () => state.getTags(server));
      t.try("tags undefined", () => state.acceptWebSocket(server, undefined));
      t.try("getTags", () => state.getTags(server));
      t.log("readyState", server.readyState);
    });
  },

  returnValueAndState: async (t) => {
    await inObject(t, (state) => {
      const [client, server] = pair(t, "p");
      t.state("before", client, server);
      t.try("acceptWebSocket(server) returns", () => state.acceptWebSocket(server));
      t.state("after", client, server);
      t.try("server.send works", () => server.send("queued for the client"));
      t.log("getWebSockets()", state.getWebSockets());
    });
  },

  tagCoercion: async (t) => {
    await inObject(t, (state) => {
      const [, a] = pair(t, "a");
      t.try("accept with [1, null, true, undefined]", () =>
        state.acceptWebSocket(a, [1, null, true, undefined]),
      );
      t.try("getTags(a)", () => state.getTags(a));
      const [, b] = pair(t, "b");
      t.try("accept with duplicates", () => state.acceptWebSocket(b, ["x", "y", "x", "", ""]));
      t.try("getTags(b)", () => state.getTags(b));
      const [, c] = pair(t, "c");
      t.try("accept with an object tag", () =>
        state.acceptWebSocket(c, [{ toString: () => "from toString" }]),
      );
      t.try("getTags(c)", () => state.getTags(c));
      t.try("getWebSockets('')", () => state.getWebSockets(""));
      t.try("getWebSockets('1')", () => state.getWebSockets("1"));
      t.try("getWebSockets('null')", () => state.getWebSockets("null"));
      const tags = state.getTags(b);
      tags.push("changed");
      t.log("getTags returns a copy", state.getTags(b));
    });
  },

  tagLimits: async (t) => {
    await inObject(t, (state) => {
      const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
      const [, a] = pair(t, "a");
      t.try("10 tags", () => state.acceptWebSocket(a, ten));
      const [, b] = pair(t, "b");
      t.try("11 tags", () => state.acceptWebSocket(b, [...ten, "t10"]));
      t.try("b still unaccepted: getTags", () => state.getTags(b));
      t.try("b plain accept()", () => b.accept());
      const [, c] = pair(t, "c");
      t.try("12 tags, 10 distinct", () => state.acceptWebSocket(c, [...ten, "t0", "t1"]));
      t.try("getTags(c)", () => state.getTags(c));
      const [, d] = pair(t, "d");
      t.try("a 256-byte tag", () => state.acceptWebSocket(d, ["x".repeat(256)]));
      t.try("getTags(d) length", () => state.getTags(d)[0].length);
      const [, e] = pair(t, "e");
      t.try("a 257-byte tag", () => state.acceptWebSocket(e, [`${"x".repeat(256)}y`]));
      const [, f] = pair(t, "f");
      t.try("129 two-byte chars (258 bytes)", () => state.acceptWebSocket(f, ["é".repeat(129)]));
      const [, g] = pair(t, "g");
      t.try("128 two-byte chars (256 bytes)", () => state.acceptWebSocket(g, ["é".repeat(128)]));
      const [, h] = pair(t, "h");
      t.try("a long tag after a valid one", () => state.acceptWebSocket(h, ["ok", "z".repeat(300)]));
      t.try("h unaccepted", () => state.getTags(h));
      t.log("getWebSockets()", state.getWebSockets());
    });
  },

  acceptTwice: async (t) => {
    await inObject(t, (state) => {
      const [, a] = pair(t, "a");
      state.acceptWebSocket(a, ["first"]);
      t.try("acceptWebSocket again", () => state.acceptWebSocket(a, ["second"]));
      t.try("tags unchanged", () => state.getTags(a));
      t.try("a.accept()", () => a.accept());
      t.try("a.accept() again", () => a.accept());
      const [, b] = pair(t, "b");
      b.accept();
      t.try("acceptWebSocket after accept()", () => state.acceptWebSocket(b));
      t.try("getTags(plain)", () => state.getTags(b));
      t.log("getWebSockets()", state.getWebSockets());
    });
  },

  clientEnd: async (t) => {
    await inObject(t, (state) => {
      const [client, server] = pair(t, "p");
      t.try("acceptWebSocket(client end)", () => state.acceptWebSocket(client, ["client"]));
      t.try("acceptWebSocket(server end)", () => state.acceptWebSocket(server, ["server"]));
      t.log("getWebSockets()", state.getWebSockets());
      t.state("both", client, server);
    });
  },

  getWebSocketsOrder: async (t) => {
    await inObject(t, (state) => {
      const sockets = ["one", "two", "three"].map((name) => {
        const [, server] = pair(t, name);
        state.acceptWebSocket(server, name === "two" ? ["even"] : ["odd", "all"]);
        return server;
      });
      t.log("getWebSockets()", state.getWebSockets());
      t.log("getWebSockets(undefined)", state.getWebSockets(undefined));
      t.log("getWebSockets('odd')", state.getWebSockets("odd"));
      t.log("getWebSockets('all')", state.getWebSockets("all"));
      t.log("getWebSockets('even')", state.getWebSockets("even"));
      t.log("getWebSockets('none')", state.getWebSockets("none"));
      t.try("getWebSockets(null)", () => state.getWebSockets(null));
      t.try("getWebSockets(1)", () => state.getWebSockets(1));
      t.try("getWebSockets({})", () => state.getWebSockets({}));
      const first = state.getWebSockets();
      const second = state.getWebSockets();
      t.log("fresh array each call", first !== second);
      t.log(
        "same objects",
        first.every((ws, i) => ws === second[i]),
      );
      t.log(
        "contains the accepted objects",
        sockets.every((ws) => first.includes(ws)),
      );
      t.log("is an Array", Array.isArray(first));
    });
  },

  getWebSocketsAcrossRequests: async (t) => {
    await inObject(t, (state) => {
      const [, server] = pair(t, "first request");
      state.acceptWebSocket(server, ["kept"]);
    });
    await inObject(t, (state) => {
      const [, server] = pair(t, "second request");
      state.acceptWebSocket(server, ["kept"]);
      t.log("getWebSockets('kept')", state.getWebSockets("kept"));
      t.log("getWebSockets()", state.getWebSockets());
    });
  },

  getTagsErrors: async (t) => {
    await inObject(t, (state) => {
      const [client, server] = pair(t, "p");
      t.try("getTags(unaccepted)", () => state.getTags(server));
      t.try("getTags()", () => state.getTags());
      t.try("getTags({})", () => state.getTags({}));
      t.try("getTags('ws')", () => state.getTags("ws"));
      state.acceptWebSocket(server);
      t.try("getTags(no tags)", () => state.getTags(server));
      t.try("getTags(the hibernatable end's peer)", () => state.getTags(client));
      const [, plain] = pair(t, "q");
      plain.accept();
      t.try("getTags(plain-accepted)", () => state.getTags(plain));
    });
  },

  acceptAfterClose: async (t) => {
    await inObject(t, (state) => {
      const [client, server] = pair(t, "p");
      client.accept();
      t.try("client.close()", () => client.close(1000, "early"));
      t.try("acceptWebSocket(server whose peer closed)", () => state.acceptWebSocket(server));
      t.log("readyState", server.readyState);
      t.log("getWebSockets()", state.getWebSockets());
    });
  },
};
