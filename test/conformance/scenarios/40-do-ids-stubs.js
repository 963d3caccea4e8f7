// Durable Object namespaces, ids and stubs: idFromName/newUniqueId/idFromString, get/getByName,
// stub.fetch (text and a 101 with a WebSocket) and JavaScript RPC as the caller sees it. workerd
// offers RPC only to subclasses of DurableObject (and not at all before the 2024-04-03 `rpc` date).
export const durableObjects = ({ DurableObject }) => ({
  // A plain class: fetch() only.
  Do40Echo: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
    }
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === "/ws") {
        const [client, server] = Object.values(new WebSocketPair());
        server.accept();
        server.addEventListener("message", (event) => {
          if (event.data === "bye") server.close(4000, "object bye");
          else server.send(`echo ${event.data}`);
        });
        return new Response(null, { status: 101, webSocket: client });
      }
      if (url.pathname === "/id")
        return Response.json({ name: this.state.id.name ?? null, hex: this.state.id.toString() });
      const body = request.method === "POST" ? await request.text() : "";
      return new Response(`echo ${request.method} ${url.pathname} ${body}`, {
        status: url.pathname === "/teapot" ? 418 : 200,
        headers: { "x-object": "Do40Echo" },
      });
    }
    add(a, b) {
      return a + b;
    }
  },
  // The same methods on a DurableObject subclass: reachable by RPC.
  Do40Rpc: class extends DurableObject {
    constructor(ctx, env) {
      super(ctx, env);
      this.kept = { n: 1 };
    }
    add(a, b) {
      return a + b;
    }
    async later(value) {
      await null;
      return value;
    }
    echo(value) {
      return value;
    }
    mutateArgument(value) {
      value.changed = true;
      return value;
    }
    keptObject() {
      return this.kept;
    }
    readKept() {
      return this.kept.n;
    }
    idInfo() {
      return { name: this.ctx.id.name ?? null, hex: this.ctx.id.toString() };
    }
    throwTypeError() {
      throw new TypeError("bad argument here");
    }
    throwRangeError() {
      throw new RangeError("out of range");
    }
    throwCustom() {
      class CustomError extends Error {
        constructor(message) {
          super(message);
          this.name = "CustomError";
          this.extra = 42;
        }
      }
      throw new CustomError("custom failure");
    }
    async rejectAsync() {
      await null;
      throw new Error("async failure");
    }
    throwString() {
      throw "a plain string";
    }
    throwDomException() {
      throw new DOMException("dom failure", "InvalidStateError");
    }
    get getterValue() {
      return "from getter";
    }
    async callBack(callback, value) {
      const result = await callback(value);
      return { typeofCallback: typeof callback, result };
    }
    giveFunction() {
      return (x) => x * 2;
    }
  },
  // A second namespace, for ids that belong to another class.
  Do40Counter: class {
    constructor(state) {
      this.state = state;
    }
  },
});

/** Records an RPC call's outcome as the caller sees it: value, or the error's shape. */
async function rpc(t, label, call) {
  try {
    t.log(`${label}: ok`, await call());
  } catch (error) {
    t.log(`${label}: threw`, {
      isError: error instanceof Error,
      typeError: error instanceof TypeError,
      rangeError: error instanceof RangeError,
      name: error?.name,
      message: error?.message,
      constructorName: error?.constructor?.name,
      extra: error?.extra ?? null,
      type: typeof error,
    });
  }
}

const idShape = (id) => {
  const hex = id.toString();
  return { length: hex.length, hex: /^[0-9a-f]+$/.test(hex), type: typeof hex };
};

export const scenarios = {
  idFromName: (t) => {
    const ns = t.objects.Do40Echo;
    const a = ns.idFromName(t.caseId);
    const b = ns.idFromName(t.caseId);
    const c = ns.idFromName(`${t.caseId}/other`);
    t.log("shape", idShape(a));
    t.log("same name, same string", a.toString() === b.toString());
    t.log("a.equals(b)", a.equals(b));
    t.log("a.equals(c)", a.equals(c));
    t.log("a === b", a === b);
    t.log("name", a.name === t.caseId);
    t.log("String(id) is toString()", String(a) === a.toString());
    t.log(
      "JSON",
      JSON.stringify(a) === JSON.stringify(a.toString()) ? "hex string" : typeof JSON.stringify(a),
    );
    t.log("class", a.constructor.name);
    t.try("idFromName('') shape", () => idShape(ns.idFromName("")));
    t.try("idFromName('').name", () => ns.idFromName("").name);
  },

  idFromNameCoercion: (t) => {
    const ns = t.objects.Do40Echo;
    t.try("idFromName(1).name", () => ns.idFromName(1).name);
    t.try("idFromName(1) equals idFromName('1')", () => ns.idFromName(1).equals(ns.idFromName("1")));
    t.try("idFromName(null).name", () => ns.idFromName(null).name);
    t.try("idFromName()", () => ns.idFromName().name);
    t.try("idFromName({})", () => ns.idFromName({}).name);
  },

  newUniqueId: (t) => {
    const ns = t.objects.Do40Echo;
    const a = ns.newUniqueId();
    const b = ns.newUniqueId();
    t.log("shape", idShape(a));
    t.log("name", a.name);
    t.log("a.equals(b)", a.equals(b));
    t.log("a.equals(a)", a.equals(a));
    t.log("round trip equals", ns.idFromString(a.toString()).equals(a));
    t.try("newUniqueId({ jurisdiction: 'eu' }) shape", () => idShape(ns.newUniqueId({ jurisdiction: "eu" })));
    t.try("newUniqueId({ jurisdiction: 'mars' })", () => idShape(ns.newUniqueId({ jurisdiction: "mars" })));
  },

  idFromString: (t) => {
    const ns = t.objects.Do40Echo;
    const named = ns.idFromName(t.caseId);
    const parsed = ns.idFromString(named.toString());
    t.log("equals the named id", parsed.equals(named));
    t.log("parsed.name", parsed.name);
    t.log("same string", parsed.toString() === named.toString());
    t.try("upper case hex", () => ns.idFromString(named.toString().toUpperCase()).equals(named));
  },

  idFromStringMalformed: (t) => {
    const ns = t.objects.Do40Echo;
    const hex = ns.idFromName(t.caseId).toString();
    t.try("idFromString('')", () => ns.idFromString("").toString().length);
    t.try("idFromString('abc')", () => ns.idFromString("abc").toString().length);
    t.try("idFromString(63 chars)", () => ns.idFromString(hex.slice(1)).toString().length);
    t.try("idFromString(65 chars)", () => ns.idFromString(`${hex}0`).toString().length);
    t.try("idFromString(64 non-hex)", () => ns.idFromString("z".repeat(64)).toString().length);
    t.try("idFromString(64 zeros)", () => ns.idFromString("0".repeat(64)).toString().length);
    const flipped = `${hex.slice(0, 63)}${hex[63] === "0" ? "1" : "0"}`;
    t.try("idFromString(last digit changed)", () => ns.idFromString(flipped).toString().length);
    t.try("idFromString()", () => ns.idFromString().toString().length);
  },

  idAcrossNamespaces: (t) => {
    const hex = t.objects.Do40Echo.idFromName(t.caseId).toString();
    const other = t.objects.Do40Counter;
    t.log("other namespace, same name, same string", other.idFromName(t.caseId).toString() === hex);
    t.try("other.idFromString(this namespace's id)", () => other.idFromString(hex).toString().length);
    t.try("other.get(this namespace's id)", () => typeof other.get(t.objects.Do40Echo.idFromName(t.caseId)));
  },

  getAndGetByName: async (t) => {
    const ns = t.objects.Do40Echo;
    const id = ns.idFromName(t.caseId);
    const stub = ns.get(id);
    t.log("stub.id equals", stub.id.equals(id));
    t.log("stub.name", stub.name === t.caseId);
    const byName = ns.getByName(t.caseId);
    t.log("byName.id equals", byName.id.equals(id));
    t.log("byName.name", byName.name === t.caseId);
    t.log("distinct stubs", stub !== byName);
    const idInfo = async (s) => (await s.fetch("http://do/id")).json();
    const first = await idInfo(stub);
    const second = await idInfo(byName);
    t.log("same object sees", { sameHex: first.hex === second.hex, name: first.name === t.caseId });
    t.log("ctx.id hex is the id", first.hex === id.toString());
    const unique = ns.get(ns.newUniqueId());
    t.log("unique stub name", unique.name);
    t.log("unique object's id.name", (await idInfo(unique)).name);
    const fromString = ns.get(ns.idFromString(id.toString()));
    t.log("stub from idFromString: name", fromString.name);
    t.log("object reached by string id sees name", (await idInfo(fromString)).name === t.caseId);
    t.try("get('string')", () => typeof ns.get(id.toString()));
    t.try("get()", () => typeof ns.get());
    t.try("get({})", () => typeof ns.get({}));
    t.try("getByName()", () => typeof ns.getByName());
    t.try("getByName(1).name", () => ns.getByName(1).name);
  },

  fetchText: async (t) => {
    const ns = t.objects.Do40Echo;
    const stub = ns.get(ns.idFromName(t.caseId));
    const response = await stub.fetch("http://do/hello");
    t.log("status", response.status);
    t.log("x-object", response.headers.get("x-object"));
    await t.try("text", () => response.text());
    const posted = await stub.fetch(new Request("http://do/post", { method: "POST", body: "payload" }));
    await t.try("POST text", () => posted.text());
    const teapot = await stub.fetch("http://do/teapot", { method: "PUT", body: "x" });
    t.log("teapot", { status: teapot.status, ok: teapot.ok, body: await teapot.text() });
  },

  fetchWebSocket: async (t) => {
    const ns = t.objects.Do40Echo;
    const stub = ns.get(ns.idFromName(t.caseId));
    const response = await stub.fetch("http://do/ws", { headers: { Upgrade: "websocket" } });
    t.log("status", response.status);
    const ws = response.webSocket;
    t.log("webSocket", ws === null ? null : ws.constructor.name);
    t.tap("caller", ws);
    t.state("before accept", ws);
    ws.accept();
    ws.send("one");
    ws.send("two");
    await t.sleep(20);
    ws.send("bye");
    await t.sleep(20);
    t.state("after object closed", ws);
    t.try("caller close", () => ws.close(4000, "caller echoes"));
    await t.sleep(20);
    t.state("end", ws);
  },

  rpcResults: async (t) => {
    const ns = t.objects.Do40Rpc;
    const stub = ns.get(ns.idFromName(t.caseId));
    const pending = stub.add(2, 3);
    t.log("call returns a thenable", typeof pending.then);
    await rpc(t, "add(2, 3)", () => pending);
    await rpc(t, "add('a', 'b')", () => stub.add("a", "b"));
    await rpc(t, "later(7)", () => stub.later(7));
    await rpc(t, "echo(undefined)", () => stub.echo(undefined));
    await rpc(t, "getterValue", () => stub.getterValue);
  },

  rpcStructuredClone: async (t) => {
    const ns = t.objects.Do40Rpc;
    const stub = ns.get(ns.idFromName(t.caseId));
    const value = {
      map: new Map([["k", 1]]),
      set: new Set([1, 2]),
      date: new Date(0),
      bytes: new Uint8Array([1, 2, 3]),
      big: 10n,
      nested: { list: [1, "two", null] },
      regexp: /a+/g,
      error: new RangeError("inside"),
    };
    const back = await stub.echo(value);
    t.log("not the same object", back !== value);
    t.log("map", back.map instanceof Map ? [...back.map] : "not a Map");
    t.log("set", back.set instanceof Set ? [...back.set] : "not a Set");
    t.log("date", back.date instanceof Date ? back.date.getTime() : "not a Date");
    t.log("bytes", back.bytes);
    t.log("big", back.big);
    t.log("nested", back.nested);
    t.log("regexp", back.regexp instanceof RegExp ? String(back.regexp) : "not a RegExp");
    t.log("error", { isRangeError: back.error instanceof RangeError, message: back.error?.message });
    const cyclic = { name: "loop" };
    cyclic.self = cyclic;
    const cycled = await stub.echo(cyclic);
    t.log("cycle kept", cycled.self === cycled);
    const argument = { changed: false };
    const mutated = await stub.mutateArgument(argument);
    t.log("argument copied", { caller: argument.changed, returned: mutated.changed });
    const kept = await stub.keptObject();
    kept.n = 99;
    t.log("result copied", await stub.readKept());
  },

  rpcUncloneable: async (t) => {
    const ns = t.objects.Do40Rpc;
    const stub = ns.get(ns.idFromName(t.caseId));
    await rpc(t, "echo(Symbol)", () => stub.echo(Symbol("s")));
    await rpc(t, "echo(WebSocketPair end)", () => stub.echo(new WebSocketPair()[0]));
    await rpc(t, "echo(class instance)", async () => {
      class Point {
        constructor() {
          this.x = 1;
        }
      }
      const back = await stub.echo(new Point());
      return { x: back.x, proto: Object.getPrototypeOf(back) === Object.prototype };
    });
  },

  rpcErrors: async (t) => {
    const ns = t.objects.Do40Rpc;
    const stub = ns.get(ns.idFromName(t.caseId));
    await rpc(t, "throwTypeError", () => stub.throwTypeError());
    await rpc(t, "throwRangeError", () => stub.throwRangeError());
    await rpc(t, "throwCustom", () => stub.throwCustom());
    await rpc(t, "rejectAsync", () => stub.rejectAsync());
    await rpc(t, "throwString", () => stub.throwString());
    await rpc(t, "throwDomException", () => stub.throwDomException());
    await rpc(t, "still callable after errors", () => stub.add(1, 1));
  },

  rpcFunctions: async (t) => {
    const ns = t.objects.Do40Rpc;
    const stub = ns.get(ns.idFromName(t.caseId));
    await rpc(t, "callBack(x => x + 1, 41)", () => stub.callBack((x) => x + 1, 41));
    await rpc(t, "giveFunction()(21)", async () => {
      const fn = await stub.giveFunction();
      return { type: typeof fn, result: await fn(21) };
    });
  },

  rpcOnPlainClass: async (t) => {
    const ns = t.objects.Do40Echo;
    const stub = ns.get(ns.idFromName(t.caseId));
    t.log("typeof stub.add", typeof stub.add);
    await rpc(t, "stub.add(1, 2)", () => stub.add(1, 2));
    const response = await stub.fetch("http://do/after");
    t.log("fetch still works", await response.text());
  },

  rpcMissingMethod: async (t) => {
    const ns = t.objects.Do40Rpc;
    const stub = ns.get(ns.idFromName(t.caseId));
    t.log("typeof stub.nope", typeof stub.nope);
    await rpc(t, "stub.nope()", () => stub.nope());
    await rpc(t, "stub.state (a field)", () => stub.kept);
    await rpc(t, "stub.constructor()", () => stub.constructor());
    await rpc(t, "stub.fetch is a function", () => typeof stub.fetch);
  },
};
