// WebSocketPair and WebSocket shape: keys, descriptors, iteration, toString tags, constructor errors,
// prototype members, constants and initial properties. No messages are exchanged.

export const scenarios = {
  pairKeysAndDescriptors: async (t) => {
    const pair = new WebSocketPair();
    t.log("typeof WebSocketPair", typeof WebSocketPair);
    t.log("constructor.name", pair.constructor.name);
    t.log("Object.keys", Object.keys(pair));
    t.log("getOwnPropertyNames", Object.getOwnPropertyNames(pair));
    const descriptor = Object.getOwnPropertyDescriptor(pair, 0);
    t.log("descriptor 0", {
      hasValue: "value" in descriptor,
      hasGet: "get" in descriptor,
      writable: descriptor.writable,
      enumerable: descriptor.enumerable,
      configurable: descriptor.configurable,
    });
    const firstRead = pair[0];
    const secondRead = pair[0];
    t.log("pair[0] is stable", firstRead === secondRead && firstRead === Object.values(pair)[0]);
    t.log("pair[1] is a WebSocket", pair[1] instanceof WebSocket);
    t.log("ends differ", pair[0] !== pair[1]);
    t.log("pair[2]", pair[2]);
    t.log("pair.length", pair.length);
    t.try("assign pair[0]", () => {
      pair[0] = 1;
    });
    t.log("JSON.stringify(pair)", JSON.stringify(pair));
    t.log("JSON.stringify(ws)", JSON.stringify(pair[0]));
  },

  pairIterable: async (t) => {
    const pair = new WebSocketPair();
    t.log("has Symbol.iterator", typeof pair[Symbol.iterator]);
    const spread = [...pair];
    t.log("spread length", spread.length);
    t.log("spread order", spread[0] === pair[0] && spread[1] === pair[1]);
    const [a, b] = pair;
    t.log("destructured", a === pair[0] && b === pair[1]);
    const iterator = pair[Symbol.iterator]();
    t.log("next 1", iterator.next().done);
    t.log("next 2", iterator.next().done);
    t.log("next 3", iterator.next());
  },

  toStringTags: async (t) => {
    const pair = new WebSocketPair();
    t.log("pair", Object.prototype.toString.call(pair));
    t.log("socket", Object.prototype.toString.call(pair[0]));
    t.log("String(socket)", String(pair[0]));
    t.log(
      "tag on WebSocket.prototype",
      Object.getOwnPropertyDescriptor(WebSocket.prototype, Symbol.toStringTag)?.value,
    );
  },

  constructorErrors: async (t) => {
    t.try("WebSocketPair() without new", () => WebSocketPair());
    t.try("new WebSocket()", () => new WebSocket());
    t.try("new WebSocketPair(true) ignores arguments", () => Object.keys(new WebSocketPair(true)));
    t.log("WebSocketPair.length", WebSocketPair.length);
    t.log("WebSocket.name", WebSocket.name);
  },

  prototypeMembers: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.log("own names", Object.getOwnPropertyNames(WebSocket.prototype).sort());
    t.log(
      "proto of prototype is EventTarget.prototype",
      Object.getPrototypeOf(WebSocket.prototype) === EventTarget.prototype,
    );
    t.log("instanceof WebSocket", ws instanceof WebSocket);
    t.log("instanceof EventTarget", ws instanceof EventTarget);
    t.log("instance own keys", Reflect.ownKeys(ws).map(String));
    const readyState = Object.getOwnPropertyDescriptor(WebSocket.prototype, "readyState");
    t.log("readyState descriptor", {
      get: typeof readyState?.get,
      set: typeof readyState?.set,
      enumerable: readyState?.enumerable,
      configurable: readyState?.configurable,
    });
    t.log("method lengths", { accept: ws.accept.length, send: ws.send.length, close: ws.close.length });
  },

  constants: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    const names = [
      "CONNECTING",
      "OPEN",
      "CLOSING",
      "CLOSED",
      "READY_STATE_CONNECTING",
      "READY_STATE_OPEN",
      "READY_STATE_CLOSING",
      "READY_STATE_CLOSED",
    ];
    t.log("on class", Object.fromEntries(names.map((n) => [n, WebSocket[n]])));
    t.log("on instance", Object.fromEntries(names.map((n) => [n, ws[n]])));
    const descriptor = Object.getOwnPropertyDescriptor(WebSocket, "OPEN");
    t.log("WebSocket.OPEN descriptor", {
      writable: descriptor?.writable,
      enumerable: descriptor?.enumerable,
      configurable: descriptor?.configurable,
    });
  },

  initialProperties: async (t) => {
    const [client, server] = Object.values(new WebSocketPair());
    for (const [name, ws] of [
      ["client", client],
      ["server", server],
    ]) {
      t.log(name, {
        readyState: ws.readyState,
        url: ws.url,
        protocol: ws.protocol,
        extensions: ws.extensions,
        binaryType: ws.binaryType,
        bufferedAmount: ws.bufferedAmount,
      });
    }
    t.try("assign readyState", () => {
      client.readyState = 3;
    });
    t.log("readyState after assign", client.readyState);
  },

  binaryTypeSetter: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.log("default", ws.binaryType);
    t.try("set blob", () => {
      ws.binaryType = "blob";
    });
    t.log("after blob", ws.binaryType);
    t.try("set bogus", () => {
      ws.binaryType = "bogus";
    });
    t.log("after bogus", ws.binaryType);
    t.try("set arraybuffer", () => {
      ws.binaryType = "arraybuffer";
    });
    t.log("after arraybuffer", ws.binaryType);
    for (const [label, value] of [
      ["'Blob'", "Blob"],
      ["'ARRAYBUFFER'", "ARRAYBUFFER"],
      ["null", null],
      ["undefined", undefined],
      ["object whose toString gives 'blob'", { toString: () => "blob" }],
    ]) {
      t.try(`set ${label}`, () => {
        ws.binaryType = value;
      });
      t.log(`after ${label}`, ws.binaryType);
    }
  },

  brandChecks: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.try("send.call({})", () => WebSocket.prototype.send.call({}, "x"));
    t.try("accept.call({})", () => WebSocket.prototype.accept.call({}));
    t.try("close.call({})", () => WebSocket.prototype.close.call({}));
    t.try("readyState on the prototype", () => WebSocket.prototype.readyState);
    t.try("readyState getter on {}", () =>
      Object.getOwnPropertyDescriptor(WebSocket.prototype, "readyState").get.call({}),
    );
    t.try("send.call(unaccepted ws) reaches the state check", () => WebSocket.prototype.send.call(ws, "x"));
  },

  attachments: async (t) => {
    const [ws] = Object.values(new WebSocketPair());
    t.log("before serialize", ws.deserializeAttachment());
    t.try("serializeAttachment", () => ws.serializeAttachment({ a: 1, list: [1, "two"] }));
    t.log("deserializeAttachment", ws.deserializeAttachment());
    const firstCopy = ws.deserializeAttachment();
    t.log("fresh copy per call", firstCopy !== ws.deserializeAttachment());
  },
};
