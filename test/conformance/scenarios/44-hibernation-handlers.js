// Hibernatable sockets' handlers: webSocketMessage order and overlap, strings and binary, a throwing
// handler, a class without handlers, and the close handshake (no automatic reply at either date, the
// handler's ws.close(), a close the object starts). The objects record through the case's tracer.

/** Case id → the case's tracer, for the objects to record into. */
const tracers = new Map();

/** What a handler received, as the trace shows it (binary as its class and bytes). */
function received(t, message) {
  return { type: typeof message, value: t.describe(message) };
}

/** Accepts a hibernatable socket for the case named in the request and returns its client end. */
function acceptFor(object, request) {
  const url = new URL(request.url);
  object.t = tracers.get(url.searchParams.get("case"));
  object.mode = url.searchParams.get("mode") ?? "echo";
  const [client, server] = Object.values(new WebSocketPair());
  object.t.name("object's end", server);
  object.state.acceptWebSocket(server);
  return new Response(null, { status: 101, webSocket: client });
}

export const durableObjects = {
  Do44Handlers: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
    }
    async fetch(request) {
      const what = new URL(request.url).pathname;
      if (what === "/count") return new Response(String(this.state.getWebSockets().length));
      if (what === "/state") {
        const [ws] = this.state.getWebSockets();
        return Response.json({ listed: this.state.getWebSockets().length, rs: ws?.readyState ?? null });
      }
      if (what === "/close-all") {
        for (const ws of this.state.getWebSockets()) {
          this.t.try("object: ws.close(4001, 'server bye')", () => ws.close(4001, "server bye"));
          this.t.log("object: readyState after close()", ws.readyState);
          this.t.try("object: close() again", () => ws.close(4002, "again"));
          this.t.try("object: send() after close()", () => ws.send("late"));
        }
        return new Response("closed");
      }
      return acceptFor(this, request);
    }
    async webSocketMessage(ws, message) {
      const t = this.t;
      if (this.mode === "large") {
        t.log("object: webSocketMessage", {
          type: typeof message,
          length: message.length ?? message.byteLength,
        });
        ws.send(`got ${message.length ?? message.byteLength}`);
        return;
      }
      t.log("object: webSocketMessage", { ws: t.describe(ws), ...received(t, message), rs: ws.readyState });
      switch (this.mode) {
        case "async":
          // "first" waits for a later message ("release"): the second and third handler calls run
          // while the first one's promise is still pending. No timers, so the order is fixed.
          if (message === "first") {
            t.log("object: handler for first awaits the release");
            await new Promise((resolve) => {
              this.release = resolve;
            });
            t.log("object: handler for first resumes");
            ws.send("late echo first");
          } else if (message === "release") {
            t.log("object: release");
            this.release();
          } else {
            ws.send(`echo ${message}`);
          }
          break;
        case "throw":
          if (message === "throw") throw new Error("handler failed");
          ws.send(`echo ${message}`);
          break;
        case "binary":
          ws.send(new Uint8Array([1, 2, 3]));
          ws.send(typeof message === "string" ? `string ${message}` : `binary ${message.byteLength}`);
          break;
        case "microtask":
          queueMicrotask(() => t.log("object: handler's microtask"));
          Promise.resolve().then(() => ws.send(`echo from a microtask ${message}`));
          break;
        default:
          ws.send(`echo ${message}`);
      }
    }
    async webSocketClose(ws, code, reason, wasClean) {
      const t = this.t;
      t.log("object: webSocketClose", { ws: t.describe(ws), code, reason, wasClean, rs: ws.readyState });
      t.log("object: listed in getWebSockets()", this.state.getWebSockets().includes(ws));
      if (this.mode === "reply") {
        t.try("object: ws.close(code, reason)", () => ws.close(code, `reply to ${reason}`));
        t.log("object: readyState after reply", ws.readyState);
        t.try("object: send() after the reply", () => ws.send("late"));
      } else if (this.mode === "reply-no-args") {
        t.try("object: ws.close()", () => ws.close());
        t.log("object: readyState after reply", ws.readyState);
      }
    }
    webSocketError(ws, error) {
      if (!this.t) return;
      this.t.log("object: webSocketError", {
        ws: this.t.describe(ws),
        error: this.t.describe(error),
        rs: ws.readyState,
      });
    }
  },
  // Accepts hibernatable sockets but has no handler methods.
  Do44NoHandlers: class {
    constructor(state) {
      this.state = state;
    }
    fetch(request) {
      if (new URL(request.url).pathname === "/count")
        return new Response(String(this.state.getWebSockets().length));
      return acceptFor(this, request);
    }
  },
};

/** Connects to this case's object (class `name`) and returns the tapped, accepted client end. */
async function connect(t, mode, name = "Do44Handlers") {
  tracers.set(t.caseId, t);
  const ns = t.objects[name];
  const stub = ns.get(ns.idFromName(t.caseId));
  const response = await stub.fetch(`http://do/connect?case=${encodeURIComponent(t.caseId)}&mode=${mode}`, {
    headers: { Upgrade: "websocket" },
  });
  const client = t.tap("client", response.webSocket);
  client.accept();
  return { client, stub };
}

/** How many sockets the object lists, asked through a request. */
async function count(t, stub) {
  const response = await stub.fetch("http://do/count");
  t.log("getWebSockets().length", Number(await response.text()));
}

export const scenarios = {
  messageOrder: async (t) => {
    const { client } = await connect(t, "echo");
    client.send("1");
    client.send("2");
    client.send("3");
    await t.sleep(20);
  },

  handlerMicrotasksFirst: async (t) => {
    const { client } = await connect(t, "microtask");
    client.send("a");
    client.send("b");
    await t.sleep(20);
  },

  asyncOverlap: async (t) => {
    const { client } = await connect(t, "async");
    client.send("first");
    client.send("second");
    client.send("release");
    await t.sleep(20);
  },

  stringAndBinary: async (t) => {
    const { client } = await connect(t, "binary");
    client.send("text");
    await t.sleep(10);
    client.send(new Uint8Array([104, 105]).buffer);
    await t.sleep(10);
    client.send(new Uint8Array([7, 8, 9]));
    await t.sleep(10);
    client.send(new Blob(["blob"]));
    await t.sleep(20);
  },

  throwingHandler: async (t) => {
    const { client, stub } = await connect(t, "throw");
    client.send("before");
    client.send("throw");
    client.send("after");
    await t.sleep(20);
    t.state("client", client);
    await count(t, stub);
  },

  missingHandlers: async (t) => {
    const { client, stub } = await connect(t, "echo", "Do44NoHandlers");
    client.send("nobody listens");
    await t.sleep(20);
    client.close(1000, "client done");
    await t.sleep(30);
    t.state("client after close", client);
    await count(t, stub);
  },

  clientCloseNoAutomaticReply: async (t) => {
    const { client, stub } = await connect(t, "silent");
    client.close(1000, "client done");
    t.state("client right after close", client);
    await t.sleep(30);
    t.state("client later", client);
    await count(t, stub);
  },

  handlerRepliesToClose: async (t) => {
    const { client, stub } = await connect(t, "reply");
    client.close(4000, "client done");
    await t.sleep(30);
    t.state("client", client);
    await count(t, stub);
  },

  handlerClosesWithoutArguments: async (t) => {
    const { client } = await connect(t, "reply-no-args");
    client.close(1000, "client done");
    await t.sleep(30);
    t.state("client", client);
  },

  objectClosesClientSilent: async (t) => {
    const { client, stub } = await connect(t, "silent");
    await stub.fetch("http://do/close-all");
    await t.sleep(30);
    t.state("client", client);
    await count(t, stub);
  },

  objectClosesClientReplies: async (t) => {
    const { client, stub } = await connect(t, "silent");
    client.addEventListener("close", (event) => {
      t.try("client replies", () => client.close(event.code, "client reply"));
    });
    await stub.fetch("http://do/close-all");
    await t.sleep(30);
    t.state("client", client);
    await count(t, stub);
  },

  noMessageSizeLimitInProcess: async (t) => {
    const { client } = await connect(t, "large");
    // Over the 32 MiB a real connection allows; binary only, to keep the run's memory small.
    client.send(new Uint8Array(33 * 1024 * 1024));
    await t.sleep(50);
  },

  callerRequestEndsWithoutClose: async (t, io) => {
    tracers.set(t.caseId, t);
    const ns = t.objects.Do44Handlers;
    const stub = ns.get(ns.idFromName(t.caseId));
    // Another request connects and ends, leaving its client end open. A stub is an I/O object of the
    // request that made it, so that request makes its own.
    const served = await io.fetch({}, async () => {
      const response = await ns
        .get(ns.idFromName(t.caseId))
        .fetch(`http://do/connect?case=${encodeURIComponent(t.caseId)}&mode=silent`, {
          headers: { Upgrade: "websocket" },
        });
      response.webSocket.accept();
      response.webSocket.send("from the other request");
      return new Response("connected and left");
    });
    t.log("that request answered", await served.text());
    await t.sleep(100);
    const state = await stub.fetch("http://do/state");
    t.log("object's view", await state.json());
  },

  clientSendsAfterClose: async (t) => {
    const { client } = await connect(t, "silent");
    client.close(1000, "client done");
    t.try("client send while closing", () => client.send("late"));
    await t.sleep(20);
  },
};
