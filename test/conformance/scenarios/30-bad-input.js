// Every public Workers API called with wrong arguments: wrong types, missing, extra, huge values, symbols,
// proxies, revoked proxies, detached and resizable buffers, lone surrogates and getters that throw.
// workerd is the truth for each error; the emulation must give the same class, name and message.

/** The wrong arguments, built fresh per call so one call cannot affect the next. */
function badValues() {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
  return {
    symbol: Symbol("s"),
    "throwing toString": {
      toString() {
        throw new RangeError("toString boom");
      },
    },
    "throwing getter": Object.defineProperty({}, "allowHalfOpen", {
      get() {
        throw new RangeError("getter boom");
      },
    }),
    "revoked proxy": revoked.proxy,
    "proxy of {}": new Proxy({}, {}),
    bigint: 10n,
    "lone surrogate": "a\ud800b",
    "detached ArrayBuffer": detached,
    "resizable ArrayBuffer": new ArrayBuffer(4, { maxByteLength: 16 }),
    "huge number": 2 ** 53,
    "negative zero": -0,
    function: () => 1,
  };
}

/** Calls `fn(value)` for each bad value and records the outcome under `label(value name)`. */
function tryEach(t, label, fn) {
  for (const [name, value] of Object.entries(badValues())) {
    t.try(`${label}(${name})`, () => fn(value));
  }
}

export const scenarios = {
  pairAndConstructor: async (t) => {
    t.try("new WebSocketPair(1, 2, 3)", () => Object.keys(new WebSocketPair(1, 2, 3)));
    tryEach(t, "new WebSocket", (v) => new WebSocket(v).readyState);
    t.try("new WebSocket(ws url, symbol)", () => new WebSocket("ws://127.0.0.1:1", Symbol("p")));
    t.try("new WebSocket(ws url, [1])", () => new WebSocket("ws://127.0.0.1:1", [1]).close());
  },

  acceptBadOptions: async (t) => {
    tryEach(t, "accept", (v) => {
      const [ws] = Object.values(new WebSocketPair());
      ws.accept(v);
      return ws.readyState;
    });
    t.try("accept({}, extra)", () => Object.values(new WebSocketPair())[0].accept({}, 1, 2));
  },

  sendBadData: async (t) => {
    const [client, server] = t.pair();
    tryEach(t, "send", (v) => client.send(v));
    t.try("send(a, extra)", () => client.send("a", 1, 2));
    t.try("send(view of detached)", () => {
      const buffer = new ArrayBuffer(4);
      const view = new Uint8Array(buffer, 1, 2);
      structuredClone(buffer, { transfer: [buffer] });
      client.send(view);
    });
    t.try("send(view of resizable, length-tracking)", () => {
      const buffer = new ArrayBuffer(4, { maxByteLength: 16 });
      const view = new Uint8Array(buffer);
      new Uint8Array(buffer).set([1, 2, 3, 4]);
      client.send(view);
      buffer.resize(8);
    });
    t.log("typeof SharedArrayBuffer", typeof SharedArrayBuffer);
    if (typeof SharedArrayBuffer === "function") {
      const shared = new SharedArrayBuffer(3);
      new Uint8Array(shared).set([7, 8, 9]);
      t.try("send(SharedArrayBuffer)", () => client.send(shared));
      t.try("send(view of SharedArrayBuffer)", () => client.send(new Uint8Array(shared, 1, 2)));
    }
    const [notAccepted] = Object.values(new WebSocketPair());
    t.try("unaccepted send(symbol)", () => notAccepted.send(Symbol("x")));
    await t.sleep(20);
    t.state("after", client, server);
    // After the messages above are delivered: how two pairs' events interleave is the subject of
    // 28-close-interleavings/twoPairsInterleaved, not of this case.
    const [closedEnd] = t.pair({ names: ["closedEnd", "closedPeer"] });
    closedEnd.close();
    t.try("closed send(symbol)", () => closedEnd.send(Symbol("x")));
    await t.sleep(20);
  },

  closeBadCode: async (t) => {
    const [client] = t.pair({ tap: false });
    tryEach(t, "close", (v) => client.close(v));
    t.try("close(1000n)", () => client.close(1000n));
    t.try("close(2 ** 31)", () => client.close(2 ** 31));
    t.try("close(-(2 ** 31) - 1)", () => client.close(-(2 ** 31) - 1));
    t.try("close(2 ** 32 + 1000)", () => client.close(2 ** 32 + 1000));
    t.try("close(1e300)", () => client.close(1e300));
    t.state("after", client);
  },

  closeBadReason: async (t) => {
    const [client, server] = t.pair({ tap: false });
    tryEach(t, "close(1000, ·)", (v) => client.close(1000, v));
    t.state("after", client);
    server.addEventListener("close", (event) => t.log("server close reason", event.reason));
    t.try("close(1000, 'x', extra)", () => client.close(1000, "x", 1));
    await t.sleep(20);
  },

  closeHugeReason: async (t) => {
    const [client, server] = t.pair({ tap: false });
    server.addEventListener("close", (event) => t.log("server close reason length", event.reason.length));
    t.try("close(1000, 1 MiB reason)", () => client.close(1000, "r".repeat(1 << 20)));
    await t.sleep(20);
  },

  attachments: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    tryEach(t, "serializeAttachment", (v) => {
      ws.serializeAttachment(v);
      return typeof ws.deserializeAttachment();
    });
    t.try("serializeAttachment(getter that throws)", () =>
      ws.serializeAttachment({
        get x() {
          throw new RangeError("getter boom");
        },
      }),
    );
    t.try("serializeAttachment(17 KiB)", () => ws.serializeAttachment("x".repeat(17 * 1024)));
    t.try("deserializeAttachment(extra)", () => ws.deserializeAttachment(1, 2));
  },

  listeners: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.try("addEventListener()", () => ws.addEventListener());
    t.try("addEventListener('message')", () => ws.addEventListener("message"));
    tryEach(t, "addEventListener(·, fn)", (v) => ws.addEventListener(v, () => {}));
    tryEach(t, "addEventListener('message', ·)", (v) => ws.addEventListener("message", v));
    tryEach(t, "addEventListener('message', fn, ·)", (v) => ws.addEventListener("message", () => {}, v));
    t.try("addEventListener options getter throws", () =>
      ws.addEventListener("message", () => {}, {
        get once() {
          throw new RangeError("once boom");
        },
      }),
    );
    t.try("removeEventListener()", () => ws.removeEventListener());
    tryEach(t, "removeEventListener(·, fn)", (v) => ws.removeEventListener(v, () => {}));
    tryEach(t, "removeEventListener('message', ·)", (v) => ws.removeEventListener("message", v));
  },

  dispatchBad: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.try("dispatchEvent()", () => ws.dispatchEvent());
    tryEach(t, "dispatchEvent", (v) => ws.dispatchEvent(v));
    t.try("dispatchEvent(proxy of Event)", () => ws.dispatchEvent(new Proxy(new Event("x"), {})));
  },

  binaryTypeSetter: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    ws.binaryType = "arraybuffer";
    tryEach(t, "binaryType =", (v) => {
      ws.binaryType = v;
      return ws.binaryType;
    });
  },

  responseBad: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    tryEach(t, "new Response(null, {status: ·})", (v) => new Response(null, { status: v }).status);
    tryEach(
      t,
      "new Response(null, {status: 101, webSocket: ·})",
      (v) => new Response(null, { status: 101, webSocket: v }).status,
    );
    tryEach(t, "new Response(null, ·)", (v) => new Response(null, v).status);
    t.try(
      "new Response(null, getter webSocket throws)",
      () =>
        new Response(null, {
          status: 101,
          get webSocket() {
            throw new RangeError("ws getter boom");
          },
        }),
    );
    t.try(
      "new Response(null, {status: 101, webSocket: proxy of ws})",
      () => new Response(null, { status: 101, webSocket: new Proxy(client, {}) }),
    );
    t.try(
      "new Response(null, {status: 101, webSocket}, extra)",
      () => new Response(null, { status: 101, webSocket: client }, 1).status,
    );
  },

  eventConstructorsBad: async (t) => {
    for (const Ctor of [Event, MessageEvent, CloseEvent, ErrorEvent]) {
      tryEach(t, `new ${Ctor.name}`, (v) => new Ctor(v).type);
      tryEach(t, `new ${Ctor.name}('x', ·)`, (v) => new Ctor("x", v).type);
    }
    t.try("new CloseEvent('close', {code: 2 ** 40})", () => new CloseEvent("close", { code: 2 ** 40 }).code);
    t.try("new CloseEvent('close', {code: -1})", () => new CloseEvent("close", { code: -1 }).code);
    t.try(
      "new CloseEvent('close', {reason: lone surrogate})",
      () => new CloseEvent("close", { reason: "a\ud800b" }).reason,
    );
    t.log(
      "code points of new Event(lone surrogate).type",
      [...new Event("a\ud800b").type].map((c) => c.codePointAt(0)),
    );
    t.try(
      "new MessageEvent('message', {data: symbol})",
      () => typeof new MessageEvent("message", { data: Symbol("d") }).data,
    );
    t.try(
      "new CloseEvent('close', getter throws)",
      () =>
        new CloseEvent("close", {
          get code() {
            throw new RangeError("code boom");
          },
        }),
    );
  },
};
