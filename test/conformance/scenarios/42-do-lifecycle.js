// A Durable Object's life: blockConcurrencyWhile in the constructor and in a request (ordering against
// other requests), its errors, waitUntil, ctx.id, and ctx.abort(reason): what the aborting request's
// caller, later callers and the client ends of the object's plain-accepted sockets see. The objects
// record through the case's tracer (the Worker and its objects share an isolate).

/** Case id → the case's tracer, for the objects to record into. */
const tracers = new Map();
/** Case id → opens the gate a waitUntil promise waits on (the waitUntil case). */
const gates = new Map();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const durableObjects = {
  Do42Life: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
      this.constructions = (this.constructions ?? 0) + 1;
      this.t = undefined;
      this.sockets = [];
      this.pendingConstructorLog = ["constructor"];
      state.blockConcurrencyWhile(async () => {
        this.pendingConstructorLog.push("constructor bcw start");
        await sleep(20);
        this.pendingConstructorLog.push("constructor bcw end");
      });
    }
    async fetch(request) {
      const url = new URL(request.url);
      const t = tracers.get(url.searchParams.get("case"));
      if (!this.t) {
        this.t = t;
        for (const line of this.pendingConstructorLog) t.log(`object: ${line}`);
      }
      const what = url.pathname.slice(1);
      t.log(`object: fetch ${what} starts`);
      switch (what) {
        case "block": {
          const result = await this.state.blockConcurrencyWhile(async () => {
            t.log("object: bcw callback starts");
            await sleep(30);
            t.log("object: bcw callback ends");
            return "bcw result";
          });
          t.log("object: bcw resolved", result);
          break;
        }
        case "block-sync": {
          const result = await this.state.blockConcurrencyWhile(() => 42);
          t.log("object: sync callback's result", result);
          break;
        }
        case "block-throws": {
          await t.try("object: bcw with a throwing callback", () =>
            this.state.blockConcurrencyWhile(async () => {
              await sleep(5);
              throw new RangeError("bcw failed");
            }),
          );
          break;
        }
        case "block-args": {
          t.try("object: bcw()", () => this.state.blockConcurrencyWhile());
          t.try("object: bcw(1)", () => this.state.blockConcurrencyWhile(1));
          await t.try("object: bcw(() => 1) result", () => this.state.blockConcurrencyWhile(() => 1));
          break;
        }
        case "wait-until": {
          t.log("object: typeof waitUntil", typeof this.state.waitUntil);
          // The promise settles when the case opens the gate, after it has its answer: no timer race.
          const gate = new Promise((resolve) => gates.set(url.searchParams.get("case"), resolve));
          t.try("object: waitUntil(promise)", () =>
            this.state.waitUntil(gate.then(() => t.log("object: waitUntil promise settled"))),
          );
          t.try("object: waitUntil(1)", () => this.state.waitUntil(1));
          t.try("object: waitUntil()", () => this.state.waitUntil());
          break;
        }
        case "id": {
          t.log("object: ctx.id class", this.state.id.constructor.name);
          t.log("object: ctx.id.name", this.state.id.name);
          const id = this.state.id;
          t.log("object: ctx.id stable", id === this.state.id);
          return new Response(this.state.id.toString());
        }
        case "ws": {
          const [client, server] = Object.values(new WebSocketPair());
          server.accept();
          t.tap("object's server end", server);
          this.sockets.push(server);
          return new Response(null, { status: 101, webSocket: client });
        }
        case "abort": {
          t.log("object: typeof abort", typeof this.state.abort);
          try {
            this.state.abort(url.searchParams.get("reason") ?? undefined);
            t.log("object: abort returned");
          } catch (error) {
            t.log("object: abort threw", error);
          }
          t.log("object: code after abort runs");
          await sleep(5);
          t.log("object: code after abort's await runs");
          break;
        }
        case "abort-later": {
          setTimeout(() => {
            t.log("object: aborting from a timer");
            try {
              this.state.abort("timer abort");
            } catch (error) {
              t.log("object: abort threw", error);
            }
          }, 5);
          break;
        }
        case "remember":
          await this.state.storage.put("remembered", "before abort");
          break;
        case "recall":
          t.log("object: storage after the reset", await this.state.storage.get("remembered"));
          break;
        case "construct-count":
          t.log("object: sockets in this instance", this.sockets.length);
          break;
      }
      t.log(`object: fetch ${what} ends`);
      return new Response(`done ${what}`);
    }
  },
};

/** A stub for this case's object (`suffix` names another object of the same case). */
function stub(t, suffix = "") {
  tracers.set(t.caseId, t);
  const ns = t.objects.Do42Life;
  return ns.get(ns.idFromName(`${t.caseId}${suffix}`));
}

/** Fetches `/what` on the object and records what the caller sees. */
async function call(t, s, what, query = "") {
  try {
    const path = what.replace(/ .*/, "");
    const response = await s.fetch(`http://do/${path}?case=${encodeURIComponent(t.caseId)}${query}`);
    t.log(`caller: ${what} answered`, { status: response.status, body: await response.text() });
  } catch (error) {
    t.log(`caller: ${what} rejected`, error);
  }
}

export const scenarios = {
  constructorBlocksRequests: async (t) => {
    const s = stub(t);
    await Promise.all([call(t, s, "first"), call(t, s, "second")]);
  },

  blockInRequest: async (t) => {
    const s = stub(t);
    await call(t, s, "warm");
    const blocking = call(t, s, "block");
    await t.sleep(5);
    const waiting = call(t, s, "quick");
    await Promise.all([blocking, waiting]);
  },

  blockSyncAndArgs: async (t) => {
    const s = stub(t);
    await call(t, s, "block-sync");
    await call(t, s, "block-args");
  },

  blockThrows: async (t) => {
    const s = stub(t);
    await call(t, s, "warm");
    await call(t, s, "block-throws");
    await call(t, s, "after");
    await call(t, stub(t), "after with a new stub");
  },

  waitUntil: async (t) => {
    const s = stub(t);
    await call(t, s, "wait-until");
    gates.get(t.caseId)();
    await t.sleep(20);
  },

  ctxId: async (t) => {
    const s = stub(t);
    const response = await s.fetch(`http://do/id?case=${encodeURIComponent(t.caseId)}`);
    t.log("caller: ctx.id is the stub's id", (await response.text()) === s.id.toString());
  },

  abortWithReason: async (t) => {
    const s = stub(t);
    await call(t, s, "warm");
    await call(t, s, "abort", "&reason=object%20gave%20up");
    await call(t, s, "after");
    await call(t, stub(t), "after with a new stub");
  },

  // workerd's in-memory storage (the runner's durableObjectStorage) lives with the instance: a reset
  // drops what was written, even long after the write settled. Production storage would keep it.
  abortDropsInMemoryStorage: async (t) => {
    const s = stub(t);
    await call(t, s, "remember");
    await t.sleep(20);
    await call(t, s, "recall");
    await call(t, s, "abort", "&reason=reset");
    await call(t, stub(t), "recall with a new stub");
  },

  abortWithoutReason: async (t) => {
    const s = stub(t);
    await call(t, s, "warm");
    await call(t, s, "abort");
    await call(t, s, "after");
    await call(t, stub(t), "after with a new stub");
  },

  abortPlainSockets: async (t) => {
    const s = stub(t);
    const response = await s.fetch(`http://do/ws?case=${encodeURIComponent(t.caseId)}`, {
      headers: { Upgrade: "websocket" },
    });
    const client = t.tap("client", response.webSocket);
    client.accept();
    client.send("before abort");
    await t.sleep(10);
    await call(t, s, "abort", "&reason=abort%20with%20a%20socket");
    await t.sleep(20);
    t.state("client after abort", client);
    t.try("client send after abort", () => client.send("after abort"));
    await t.sleep(10);
    await call(t, stub(t), "construct-count with a new stub");
  },

  abortFromTimer: async (t) => {
    const s = stub(t);
    const response = await s.fetch(`http://do/ws?case=${encodeURIComponent(t.caseId)}`, {
      headers: { Upgrade: "websocket" },
    });
    const client = t.tap("client", response.webSocket);
    client.accept();
    await call(t, s, "abort-later");
    await t.sleep(30);
    t.state("client", client);
    await call(t, s, "after");
    await call(t, stub(t), "after with a new stub");
  },

  abortArguments: async (t) => {
    const a = stub(t, "/a");
    await call(t, a, "warm");
    await call(t, a, "abort", "&reason=");
    await call(t, a, "after");
  },
};
