// WebSocket attachments (serializeAttachment/deserializeAttachment: size limit, structured clone,
// errors, which sockets have them) and the hibernatable event timeout (conversion, errors, a handler
// cut off). Probes run inside the object and record through the case's tracer.

/** Case id → the case's tracer. */
const tracers = new Map();
/** Case id → the probe the object runs on its next /probe request. */
const probes = new Map();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const durableObjects = {
  Do46Attach: class {
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
      server.serializeAttachment({ user: "ada", joined: 1 });
      return new Response(null, { status: 101, webSocket: client });
    }
    async webSocketMessage(ws, message) {
      const t = this.t;
      t.log(`object: webSocketMessage ${message}`, ws.deserializeAttachment());
      if (message === "slow") {
        await sleep(80);
        t.log("object: the slow handler resumed");
        ws.send("slow done");
      } else {
        ws.send(`echo ${message}`);
      }
    }
    webSocketClose(ws, code) {
      const t = this.t;
      t.log("object: attachment inside webSocketClose", ws.deserializeAttachment());
      t.try("object: serialize inside webSocketClose", () => ws.serializeAttachment({ closed: code }));
      t.log("object: after serialize inside webSocketClose", ws.deserializeAttachment());
      ws.close(code, "bye");
    }
  },
};

function stubFor(t) {
  tracers.set(t.caseId, t);
  const ns = t.objects.Do46Attach;
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

async function connect(t) {
  const response = await stubFor(t).fetch(`http://do/connect?case=${encodeURIComponent(t.caseId)}`, {
    headers: { Upgrade: "websocket" },
  });
  const client = t.tap("client", response.webSocket);
  client.accept();
  return client;
}

export const scenarios = {
  sizeLimit: async (t) => {
    await inObject(t, () => {
      const [, ws] = Object.values(new WebSocketPair());
      // Find the longest one-byte string that serializes within the limit.
      const fits = (length) => {
        try {
          ws.serializeAttachment("x".repeat(length));
          return true;
        } catch {
          return false;
        }
      };
      let low = 1024;
      let high = 32768;
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (fits(mid)) low = mid;
        else high = mid;
      }
      t.log("longest string attachment", low);
      ws.serializeAttachment("kept");
      t.try("one more byte", () => ws.serializeAttachment("x".repeat(low + 1)));
      t.try("failed serialize keeps the previous", () => ws.deserializeAttachment());
      t.try("bytes of 16384", () => ws.serializeAttachment(new Uint8Array(16384)));
      t.try("bytes of 16300", () => ws.serializeAttachment(new Uint8Array(16300)));
      t.try("1 MiB", () => ws.serializeAttachment(new Uint8Array(1024 * 1024)));
    });
  },

  structuredClone: async (t) => {
    await inObject(t, () => {
      const [, ws] = Object.values(new WebSocketPair());
      t.try("deserialize before any", () => ws.deserializeAttachment());
      const value = {
        map: new Map([["a", 1]]),
        date: new Date(1000),
        big: 7n,
        bytes: new Uint16Array([1, 65535]),
        error: new RangeError("kept"),
        list: [1, { two: 2 }],
      };
      value.self = value;
      t.try("serialize", () => ws.serializeAttachment(value));
      value.list.push("after serialize");
      const a = ws.deserializeAttachment();
      const b = ws.deserializeAttachment();
      t.log("fresh copy per call", a !== b && a !== value);
      t.log("copied at serialize time", a.list.length);
      t.log("map", a.map instanceof Map ? [...a.map] : "not a Map");
      t.log("date", a.date instanceof Date ? a.date.getTime() : "not a Date");
      t.log("big", a.big);
      t.log("bytes", a.bytes);
      t.log("error", { isRangeError: a.error instanceof RangeError, message: a.error.message });
      t.log("cycle", a.self === a);
      t.try("serialize(undefined)", () => ws.serializeAttachment(undefined));
      t.try("deserialize after undefined", () => ws.deserializeAttachment());
      t.try("serialize(null)", () => ws.serializeAttachment(null));
      t.try("deserialize after null", () => ws.deserializeAttachment());
    });
  },

  errors: async (t) => {
    await inObject(t, () => {
      const [, ws] = Object.values(new WebSocketPair());
      ws.serializeAttachment("previous");
      t.try("serialize()", () => ws.serializeAttachment());
      t.try("serialize(function)", () => ws.serializeAttachment(() => 1));
      t.try("serialize(Symbol)", () => ws.serializeAttachment(Symbol("s")));
      t.try("serialize(WebSocket)", () => ws.serializeAttachment(new WebSocketPair()[0]));
      t.try("serialize({ nested function })", () => ws.serializeAttachment({ f() {} }));
      t.try("previous kept", () => ws.deserializeAttachment());
      t.try("deserialize(extra argument)", () => ws.deserializeAttachment("ignored"));
    });
  },

  whichSockets: async (t) => {
    const [caseClient, caseServer] = Object.values(new WebSocketPair());
    t.try("worker-side unaccepted", () => caseServer.serializeAttachment({ side: "worker" }));
    t.try("worker-side read back", () => caseServer.deserializeAttachment());
    caseClient.accept();
    t.try("worker-side plain-accepted", () => caseClient.serializeAttachment([1]));
    t.try("worker-side plain-accepted read", () => caseClient.deserializeAttachment());
    const client = await connect(t);
    t.try("the client end of a hibernatable socket", () => client.serializeAttachment("client"));
    t.try("read", () => client.deserializeAttachment());
    await inObject(t, (state) => {
      const [ws] = state.getWebSockets();
      t.log("object: the attachment set at accept", ws.deserializeAttachment());
    });
    client.send("hello");
    await t.sleep(20);
    client.close(4000, "client done");
    await t.sleep(20);
  },

  eventTimeoutConversion: async (t) => {
    await inObject(t, (state) => {
      const set = (label, value) => {
        t.try(`set(${label})`, () => state.setHibernatableWebSocketEventTimeout(value));
        t.log(`get after ${label}`, state.getHibernatableWebSocketEventTimeout());
      };
      t.log("default", state.getHibernatableWebSocketEventTimeout());
      set("1000", 1000);
      set("0", 0);
      set("5000", 5000);
      set("null", null);
      set("undefined", undefined);
      set("1.5", 1.5);
      set("'1000'", "1000");
      set("604800000", 604800000);
      set("604800001", 604800001);
      set("-1", -1);
      set("NaN", Number.NaN);
      set("Infinity", Number.POSITIVE_INFINITY);
      set("'abc'", "abc");
      set("{}", {});
      set("true", true);
      set("2 ** 53", 2 ** 53);
      t.try("set() with no argument", () => state.setHibernatableWebSocketEventTimeout());
      t.log("get after no argument", state.getHibernatableWebSocketEventTimeout());
    });
  },

  handlerCutOff: async (t) => {
    await inObject(t, (state) => state.setHibernatableWebSocketEventTimeout(20));
    const client = await connect(t);
    client.send("slow");
    await t.sleep(150);
    t.state("client after the cut-off", client);
    client.send("next");
    await t.sleep(20);
  },
};
