// Constructing CloseEvent, MessageEvent, ErrorEvent and Event directly.

export const scenarios = {
  closeEvent: async (t) => {
    t.log("defaults", new CloseEvent("close"));
    t.log("with init", new CloseEvent("close", { code: "4000", reason: 5, wasClean: 1 }));
    t.try("no type", () => new CloseEvent());
    t.log("prototype own names", Object.getOwnPropertyNames(CloseEvent.prototype).sort());
    t.log("own keys", Object.keys(new CloseEvent("close")));
    t.log("extends Event", Object.getPrototypeOf(CloseEvent.prototype) === Event.prototype);
  },

  messageEvent: async (t) => {
    t.log("defaults", new MessageEvent("message"));
    t.log("with init", new MessageEvent("message", { data: { a: 1 }, origin: "o", lastEventId: "7" }));
    t.try("no type", () => new MessageEvent());
    t.log("prototype own names", Object.getOwnPropertyNames(MessageEvent.prototype).sort());
    t.log("own keys", Object.keys(new MessageEvent("message")));
  },

  errorEvent: async (t) => {
    t.log("defaults", new ErrorEvent("error"));
    const error = new Error("inner");
    const event = new ErrorEvent("error", { message: "m", error, filename: "f.js", lineno: 3, colno: 4 });
    t.log("with init", event);
    t.log("error identity", event.error === error);
    t.try("no type", () => new ErrorEvent());
    t.log("prototype own names", Object.getOwnPropertyNames(ErrorEvent.prototype).sort());
  },

  plainEvent: async (t) => {
    t.log("defaults", new Event("x"));
    t.log("with init", new Event("x", { bubbles: true, cancelable: true, composed: true }));
    t.try("no type", () => new Event());
    t.try("call without new", () => CloseEvent("close"));
  },
  // What a test can do to an event's own fields: their attributes, assignment (modules are strict),
  // delete, and a new property on the event. Recorded for a constructed event and a runtime one.
  fieldAttributes: async (t) => {
    const inspect = (label, event, fields) => {
      t.log(
        `${label} descriptors`,
        fields.map((field) => {
          const descriptor = Object.getOwnPropertyDescriptor(event, field);
          return {
            field,
            hasValue: "value" in descriptor,
            writable: descriptor.writable,
            enumerable: descriptor.enumerable,
            configurable: descriptor.configurable,
          };
        }),
      );
      t.log(`${label} extensible`, Object.isExtensible(event));
      t.try(`${label} assign`, () => {
        event[fields[0]] = "changed";
        return event[fields[0]];
      });
      t.try(`${label} expando`, () => {
        event.expando = 1;
        return event.expando;
      });
      t.try(`${label} delete`, () => {
        const deleted = delete event[fields[1]];
        return { deleted, still: fields[1] in event };
      });
    };
    inspect("MessageEvent", new MessageEvent("message", { data: "x" }), ["data", "origin"]);
    inspect("CloseEvent", new CloseEvent("close", { code: 1000 }), ["code", "reason"]);
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => inspect("runtime message", event, ["data", "ports"]));
    client.addEventListener("close", (event) => inspect("runtime close", event, ["reason", "wasClean"]));
    client.send("hi");
    await t.sleep(10);
    server.close(1000, "bye");
    await t.sleep(10);
  },
};
