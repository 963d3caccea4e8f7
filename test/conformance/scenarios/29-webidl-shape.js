// The Web IDL shape of the emulated classes: every prototype member's descriptor, and what each
// getter, setter and method does when called with a `this` of the wrong class (the brand check).

function shapeOf(descriptor) {
  if (descriptor === undefined) return "absent";
  const out =
    "value" in descriptor
      ? { kind: "data", type: typeof descriptor.value, writable: descriptor.writable }
      : { kind: "accessor", get: typeof descriptor.get, set: typeof descriptor.set };
  out.enumerable = descriptor.enumerable;
  out.configurable = descriptor.configurable;
  if (typeof descriptor.value === "string") out.value = descriptor.value;
  return out;
}

function keyName(key) {
  return typeof key === "symbol" ? key.toString() : key;
}

/**
 * The members a script can rely on: string keys plus the well-known symbols. workerd's prototypes
 * also hold internal symbols (Symbol(cloudflare:internal-class), …) that are not part of the API.
 */
function memberKeys(proto) {
  return Reflect.ownKeys(proto)
    .filter((key) => typeof key === "string" || key === Symbol.iterator || key === Symbol.toStringTag)
    .sort((a, b) => (keyName(a) < keyName(b) ? -1 : 1));
}

function logPrototype(t, name, proto) {
  const keys = memberKeys(proto);
  t.log(
    `${name}.prototype`,
    Object.fromEntries(
      keys.map((key) => [keyName(key), shapeOf(Object.getOwnPropertyDescriptor(proto, key))]),
    ),
  );
}

const classes = () => ({
  WebSocket,
  WebSocketPair,
  EventTarget,
  Event,
  MessageEvent,
  CloseEvent,
  ErrorEvent,
});

/** Calls every getter, setter and method of `proto` with `self` as `this`; records each outcome. */
function callAllWith(t, name, proto, self, selfName) {
  for (const key of memberKeys(proto)) {
    if (key === "constructor" || key === Symbol.toStringTag) continue;
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    const label = `${name}.${keyName(key)}`;
    if (descriptor.get) t.try(`get ${label} on ${selfName}`, () => descriptor.get.call(self));
    if (descriptor.set) t.try(`set ${label} on ${selfName}`, () => descriptor.set.call(self, "arraybuffer"));
    if (typeof descriptor.value === "function") {
      t.try(`${label}() on ${selfName}`, () => descriptor.value.call(self, "x", () => {}));
    }
  }
}

export const scenarios = {
  socketClassesDescriptors: async (t) => {
    for (const name of ["WebSocket", "WebSocketPair", "EventTarget"])
      logPrototype(t, name, classes()[name].prototype);
  },

  eventClassesDescriptors: async (t) => {
    for (const name of ["Event", "MessageEvent", "CloseEvent", "ErrorEvent"]) {
      logPrototype(t, name, classes()[name].prototype);
    }
  },

  instanceOwnKeys: async (t) => {
    const pair = new WebSocketPair();
    t.log("pair", Reflect.ownKeys(pair).map(keyName));
    t.log("socket", Reflect.ownKeys(pair[0]).map(keyName));
    t.log("event target", Reflect.ownKeys(new EventTarget()).map(keyName));
    t.log("event", Reflect.ownKeys(new Event("x")).map(keyName));
    t.log("message event", Reflect.ownKeys(new MessageEvent("message")).map(keyName));
    t.log("close event", Reflect.ownKeys(new CloseEvent("close")).map(keyName));
    t.log("error event", Reflect.ownKeys(new ErrorEvent("error")).map(keyName));
  },

  responseWebSocketMember: async (t) => {
    t.log("webSocket", shapeOf(Object.getOwnPropertyDescriptor(Response.prototype, "webSocket")));
    const getter = Object.getOwnPropertyDescriptor(Response.prototype, "webSocket").get;
    t.try("webSocket getter on {}", () => getter.call({}));
    t.try("webSocket getter on a WebSocket", () => getter.call(new WebSocketPair()[0]));
    t.try("webSocket on Response.prototype", () => Response.prototype.webSocket);
  },

  brandChecksOnPlainObject: async (t) => {
    for (const [name, ctor] of Object.entries(classes())) callAllWith(t, name, ctor.prototype, {}, "{}");
  },

  brandChecksOnPrimitive: async (t) => {
    t.try("send on 1", () => WebSocket.prototype.send.call(1, "x"));
    t.try("readyState on undefined", () =>
      Object.getOwnPropertyDescriptor(WebSocket.prototype, "readyState").get.call(undefined),
    );
    t.try("type on null", () => Object.getOwnPropertyDescriptor(Event.prototype, "type").get.call(null));
    t.try("addEventListener on 'str'", () =>
      EventTarget.prototype.addEventListener.call("str", "x", () => {}),
    );
  },

  brandChecksAcrossClasses: async (t) => {
    const [ws] = new WebSocketPair();
    const event = new Event("x");
    callAllWith(t, "MessageEvent", MessageEvent.prototype, event, "Event");
    callAllWith(t, "CloseEvent", CloseEvent.prototype, event, "Event");
    callAllWith(t, "ErrorEvent", ErrorEvent.prototype, event, "Event");
    callAllWith(t, "Event", Event.prototype, ws, "WebSocket");
    t.try("WebSocket.send on an EventTarget", () => WebSocket.prototype.send.call(new EventTarget(), "x"));
    t.try("Event.type on a MessageEvent", () =>
      Object.getOwnPropertyDescriptor(Event.prototype, "type").get.call(new MessageEvent("m")),
    );
    t.try("EventTarget.addEventListener on a WebSocket", () =>
      EventTarget.prototype.addEventListener.call(ws, "x", null),
    );
  },

  gettersOnPrototypes: async (t) => {
    t.try("WebSocket.prototype.url", () => WebSocket.prototype.url);
    t.try("WebSocket.prototype.bufferedAmount", () => WebSocket.prototype.bufferedAmount);
    t.try("Event.prototype.type", () => Event.prototype.type);
    t.try("CloseEvent.prototype.code", () => CloseEvent.prototype.code);
    t.try("ErrorEvent.prototype.message", () => ErrorEvent.prototype.message);
    t.try("String(WebSocket.prototype)", () => String(WebSocket.prototype));
  },

  assignReadOnlyMembers: async (t) => {
    const [ws] = new WebSocketPair();
    const event = new ErrorEvent("error", { message: "m" });
    t.try("ws.url =", () => {
      ws.url = "x";
    });
    t.try("ws.bufferedAmount =", () => {
      ws.bufferedAmount = 1;
    });
    t.try("ws.binaryType = 'arraybuffer'", () => {
      ws.binaryType = "arraybuffer";
    });
    t.log("binaryType", ws.binaryType);
    t.try("ws.onmessage =", () => {
      ws.onmessage = null;
    });
    t.log("onmessage own", Object.hasOwn(ws, "onmessage"));
    t.try("event.type =", () => {
      event.type = "y";
    });
    t.try("event.message =", () => {
      event.message = "y";
    });
    t.try("closeEvent.code =", () => {
      new CloseEvent("close").code = 1;
    });
    t.try("messageEvent.data =", () => {
      new MessageEvent("message").data = 1;
    });
    t.try("ws.OPEN =", () => {
      ws.OPEN = 5;
    });
    t.try("event.cancelBubble = true", () => {
      event.cancelBubble = true;
    });
    t.log("cancelBubble", event.cancelBubble);
    t.try("ws.custom = 1", () => {
      ws.custom = 1;
    });
    t.log("custom own", Object.hasOwn(ws, "custom"));
    t.try("define readyState on instance", () => Object.defineProperty(ws, "readyState", { value: 9 }));
    t.log("readyState after define", ws.readyState);
  },
};
