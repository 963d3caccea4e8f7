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
};
