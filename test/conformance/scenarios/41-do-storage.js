// ctx.storage's key-value API inside a Durable Object: get/put/delete/list with options, the batch
// forms, limits and their errors, structured clone and deleteAll. The probes run inside the object
// (inObject below) and record through the case's tracer: the Worker and its objects share an isolate.

/** Case id → the probe the object runs on its next fetch. */
const probes = new Map();

export const durableObjects = {
  Do41Storage: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
    }
    async fetch(request) {
      const id = new URL(request.url).searchParams.get("case");
      const probe = probes.get(id);
      probes.delete(id);
      await probe(this.state.storage, this.state);
      return new Response("done");
    }
  },
};

/** Runs `probe(storage, state)` inside this case's object; what it throws is the case's to record. */
async function inObject(t, probe, name = t.caseId) {
  let failure;
  probes.set(t.caseId, async (storage, state) => {
    try {
      await probe(storage, state);
    } catch (error) {
      failure = error;
    }
  });
  const ns = t.objects.Do41Storage;
  const response = await ns.get(ns.idFromName(name)).fetch(`http://do/?case=${encodeURIComponent(t.caseId)}`);
  await response.text();
  if (failure !== undefined) throw failure;
}

export const scenarios = {
  getPutDelete: async (t) => {
    await inObject(t, async (storage) => {
      await t.try("get missing", () => storage.get("missing"));
      await t.try("put", () => storage.put("a", 1));
      await t.try("get", () => storage.get("a"));
      await t.try("put overwrites", () => storage.put("a", "two"));
      await t.try("get again", () => storage.get("a"));
      await t.try("delete existing", () => storage.delete("a"));
      await t.try("delete missing", () => storage.delete("a"));
      await t.try("get after delete", () => storage.get("a"));
      await t.try("put undefined", () => storage.put("u", undefined));
      await t.try("get undefined value", () => storage.get("u"));
      await t.try("put null", () => storage.put("n", null));
      await t.try("get null value", () => storage.get("n"));
      await t.try("empty key put", () => storage.put("", "empty"));
      await t.try("empty key get", () => storage.get(""));
    });
  },

  keyCoercion: async (t) => {
    await inObject(t, async (storage) => {
      await t.try("put(1, …)", () => storage.put(1, "number key"));
      await t.try("get('1')", () => storage.get("1"));
      await t.try("get()", () => storage.get());
      await t.try("put()", () => storage.put());
      await t.try("put('k')", () => storage.put("k"));
      await t.try("delete()", () => storage.delete());
      await t.try("put(null, 1)", () => storage.put(null, 1));
      await t.try("get(null)", () => storage.get(null));
    });
  },

  syncShape: async (t) => {
    await inObject(t, async (storage) => {
      const put = storage.put("a", 1);
      t.log("put returns a promise", put instanceof Promise);
      await put;
      const get = storage.get("a");
      t.log("get returns a promise", get instanceof Promise);
      t.log("get resolves", await get);
      const order = [];
      const first = storage.get("a").then(() => order.push("get a"));
      const second = storage.put("b", 2).then(() => order.push("put b"));
      const third = storage.get("b").then((value) => order.push(`get b ${value}`));
      await Promise.all([first, second, third]);
      t.log("settle order", order);
    });
  },

  structuredClone: async (t) => {
    await inObject(t, async (storage) => {
      const value = {
        map: new Map([["k", [1, 2]]]),
        set: new Set(["x"]),
        date: new Date(86400000),
        bytes: new Uint8Array([9, 8, 7]),
        buffer: new Uint8Array([1, 2]).buffer,
        big: -5n,
        nested: { deep: { list: [null, true, "s"] } },
        error: new TypeError("stored"),
        regexp: /x/i,
        nan: Number.NaN,
        negZero: -0,
      };
      value.self = value;
      await storage.put("v", value);
      value.nested.deep.list.push("added after put");
      const a = await storage.get("v");
      const b = await storage.get("v");
      t.log("fresh copy per get", a !== b && a !== value);
      t.log("copied at put time", a.nested.deep.list);
      t.log("map", a.map instanceof Map ? [...a.map] : "not a Map");
      t.log("set", a.set instanceof Set ? [...a.set] : "not a Set");
      t.log("date", a.date instanceof Date ? a.date.getTime() : "not a Date");
      t.log("bytes", a.bytes);
      t.log("buffer", a.buffer);
      t.log("big", a.big);
      t.log("error", { isTypeError: a.error instanceof TypeError, message: a.error.message });
      t.log("regexp", String(a.regexp));
      t.log("nan, -0", [a.nan, a.negZero]);
      t.log("cycle", a.self === a);
      a.nested.deep.list.length = 0;
      t.log("mutating a result leaves storage", (await storage.get("v")).nested.deep.list.length);
    });
  },

  uncloneable: async (t) => {
    await inObject(t, async (storage) => {
      await t.try("put(function)", () => storage.put("f", () => 1));
      await t.try("put(symbol)", () => storage.put("s", Symbol("s")));
      await t.try("put(WebSocket)", () => storage.put("w", new WebSocketPair()[0]));
      await t.try("put({ fn })", () => storage.put("o", { fn() {} }));
      await t.try("nothing stored", () => storage.list());
      class Point {
        constructor() {
          this.x = 1;
        }
      }
      await t.try("put(class instance)", () => storage.put("p", new Point()));
      const p = await storage.get("p");
      t.log("class instance comes back plain", {
        x: p?.x,
        plain: p && Object.getPrototypeOf(p) === Object.prototype,
      });
    });
  },

  batchForms: async (t) => {
    await inObject(t, async (storage) => {
      await t.try("put({ a, b, c })", () => storage.put({ a: 1, b: 2, c: 3 }));
      const got = await t.try("get([c, a, missing])", () => storage.get(["c", "a", "missing"]));
      t.log("result is a Map", got instanceof Map);
      t.log("entries in order", got ? [...got.entries()] : null);
      await t.try("get([])", async () => [...(await storage.get([]))]);
      await t.try("delete([a, missing, b])", () => storage.delete(["a", "missing", "b"]));
      await t.try("delete([])", () => storage.delete([]));
      await t.try("list after", async () => [...(await storage.list())]);
      await t.try("put({})", () => storage.put({}));
      await t.try("put(entries, value)", () => storage.put({ x: 1 }, "value"));
      await t.try("get x", () => storage.get("x"));
      await t.try("put({ k: undefined })", () => storage.put({ k: undefined }));
      await t.try("get k", () => storage.get("k"));
    });
  },

  list: async (t) => {
    await inObject(t, async (storage) => {
      await storage.put({
        b: 2,
        a: 1,
        "a/1": "a1",
        "a/2": "a2",
        c: 3,
        B: "upper",
        "": "empty",
        é: "e acute",
      });
      const list = async (options) => [...(await storage.list(options)).entries()];
      const result = await storage.list();
      t.log("list() is a Map", result instanceof Map);
      t.log("list()", [...result.entries()]);
      await t.try("prefix a/", () => list({ prefix: "a/" }));
      await t.try("start a, end c", () => list({ start: "a", end: "c" }));
      await t.try("startAfter a", () => list({ startAfter: "a" }));
      await t.try("reverse, limit 3", () => list({ reverse: true, limit: 3 }));
      await t.try("limit 0", () => list({ limit: 0 }));
      await t.try("limit -1", () => list({ limit: -1 }));
      await t.try("limit 1.5", () => list({ limit: 1.5 }));
      await t.try("start and startAfter", () => list({ start: "a", startAfter: "a" }));
      await t.try("start > end", () => list({ start: "c", end: "a" }));
      await t.try("prefix and start", () => list({ prefix: "a", start: "a/2" }));
      await t.try("list(null)", () => list(null));
      await t.try("list('a')", () => list("a"));
      await t.try("unknown option", () => list({ nope: true }));
      await t.try("allowConcurrency option", () => list({ allowConcurrency: true, limit: 1 }));
    });
  },

  keyLimit: async (t) => {
    await inObject(t, async (storage) => {
      const max = "k".repeat(2048);
      await t.try("put 2048-byte key", () => storage.put(max, 1));
      await t.try("get 2048-byte key", () => storage.get(max));
      await t.try("put 2049-byte key", () => storage.put(`${max}k`, 1));
      await t.try("get 2049-byte key", () => storage.get(`${max}k`));
      await t.try("delete 2049-byte key", () => storage.delete(`${max}k`));
      await t.try("put 1025 two-byte chars", () => storage.put("é".repeat(1025), 1));
      await t.try("list prefix 2049 bytes", async () => (await storage.list({ prefix: `${max}k` })).size);
    });
  },

  valueLimit: async (t) => {
    await inObject(t, async (storage) => {
      const kib = 1024;
      await t.try("put 128 KiB - 16 string", () => storage.put("v", "x".repeat(128 * kib - 16)));
      await t.try("put 128 KiB string", () => storage.put("v", "x".repeat(128 * kib)));
      await t.try("put 128 KiB + 1 string", () => storage.put("v", "x".repeat(128 * kib + 1)));
      await t.try("put 1 MiB bytes", () => storage.put("v", new Uint8Array(1024 * kib)));
      await t.try("value after failures", async () => (await storage.get("v"))?.length);
      await t.try("batch with one too large", () => storage.put({ ok: 1, big: "x".repeat(200 * kib) }));
      await t.try("ok from failed batch", () => storage.get("ok"));
    });
  },

  valueLimitThreshold: async (t) => {
    await inObject(t, async (storage) => {
      // The limit applies to the serialized value; find the longest one-byte string that is accepted.
      const accepted = async (length) => {
        try {
          await storage.put("v", "x".repeat(length));
          return true;
        } catch {
          return false;
        }
      };
      let low = 128 * 1024;
      let high = 256 * 1024;
      t.log("bounds", [await accepted(low), await accepted(high)]);
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (await accepted(mid)) low = mid;
        else high = mid;
      }
      t.log("longest accepted string", low);
      await t.try("one more", () => storage.put("v", "x".repeat(low + 1)));
      await t.try("Latin-1 string of that length", () => storage.put("v", "é".repeat(low)));
      await t.try("two-byte string of half that length", () => storage.put("v", "€".repeat(low / 2)));
      await t.try("bytes of 131072", () => storage.put("v", new Uint8Array(131072)));
      await t.try("bytes of 131072 - 16", () => storage.put("v", new Uint8Array(131072 - 16)));
    });
  },

  batchLimits: async (t) => {
    await inObject(t, async (storage) => {
      const keys = (n) => Array.from({ length: n }, (_, i) => `k${i}`);
      const entries = (n) => Object.fromEntries(keys(n).map((k) => [k, 1]));
      await t.try("put 128 entries", () => storage.put(entries(128)));
      await t.try("put 129 entries", () => storage.put(entries(129)));
      await t.try("get 128 keys", async () => (await storage.get(keys(128))).size);
      await t.try("get 129 keys", async () => (await storage.get(keys(129))).size);
      await t.try("delete 129 keys", () => storage.delete(keys(129)));
      await t.try("delete 128 keys", () => storage.delete(keys(128)));
      await t.try("left", async () => (await storage.list()).size);
    });
  },

  deleteAll: async (t) => {
    await inObject(t, async (storage) => {
      await storage.put({ a: 1, b: 2, c: 3 });
      await t.try("deleteAll()", () => storage.deleteAll());
      await t.try("list after deleteAll", async () => [...(await storage.list())]);
      await t.try("get after deleteAll", () => storage.get("a"));
      await t.try("deleteAll() on empty", () => storage.deleteAll());
      await t.try("put after deleteAll", () => storage.put("d", 4));
      await t.try("get d", () => storage.get("d"));
    });
  },

  keptAcrossRequests: async (t) => {
    await inObject(t, (storage) => storage.put("kept", { n: 1 }));
    await inObject(t, async (storage) => {
      await t.try("second request sees it", () => storage.get("kept"));
    });
    await inObject(
      t,
      async (storage) => {
        await t.try("another object does not", () => storage.get("kept"));
      },
      `${t.caseId}/other`,
    );
  },

  storageShape: async (t) => {
    await inObject(t, async (storage, state) => {
      t.log("state.storage is stable", state.storage === storage);
      t.log(
        "methods",
        [
          "get",
          "put",
          "delete",
          "list",
          "deleteAll",
          "transaction",
          "getAlarm",
          "setAlarm",
          "deleteAlarm",
          "sync",
        ].map((name) => [name, typeof storage[name]]),
      );
      await t.try("sync()", () => storage.sync());
      await t.try("getAlarm()", () => storage.getAlarm());
    });
  },
};
