// A listener that throws: whether later listeners run, and what happens to the socket and its peer.

export const scenarios = {
  messageListenerThrows: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => {
      t.log("throwing listener", event.data);
      throw new Error("boom 1");
    });
    server.addEventListener("message", (event) => t.log("later listener", event.data));
    client.send("a");
    await t.sleep(20);
    t.state("after throw", client, server);
    t.try("client.send after peer errored", () => client.send("b"));
    t.try("server.send after error", () => server.send("c"));
    t.try("server.close after error", () => server.close(1000));
    await t.sleep(20);
    t.state("final", client, server);
  },

  errorEventCarriesThrownValue: async (t) => {
    const [client, server] = t.pair();
    const thrown = new TypeError("custom type error");
    server.addEventListener("message", () => {
      throw thrown;
    });
    server.addEventListener("error", (event) => t.log("same object", event.error === thrown));
    client.send("a");
    await t.sleep(20);
  },

  errorEventCopyKeeps: async (t) => {
    const [client, server] = t.pair();
    const thrown = new RangeError("range trouble");
    thrown.extra = "own property";
    server.addEventListener("message", () => {
      throw thrown;
    });
    server.addEventListener("error", (event) => {
      const copy = event.error;
      t.log("copy", {
        instanceofRangeError: copy instanceof RangeError,
        sameProto: Object.getPrototypeOf(copy) === RangeError.prototype,
        message: copy.message,
        extra: copy.extra,
        ownKeys: Reflect.ownKeys(copy).map(String).sort(),
        stackIsString: typeof copy.stack === "string",
        stackStartsWithMessage: String(copy.stack).startsWith("RangeError: range trouble"),
        sameStack: copy.stack === thrown.stack,
      });
    });
    client.send("a");
    await t.sleep(20);
  },

  errorEventCopyOfSubclass: async (t) => {
    class CustomError extends Error {}
    class NamedError extends Error {
      constructor(message) {
        super(message);
        this.name = "NamedError";
      }
    }
    for (const [label, thrown] of [
      ["subclass", new CustomError("custom")],
      ["named subclass", new NamedError("named")],
      ["DOMException", new DOMException("dom trouble", "DataCloneError")],
      ["plain object", { message: "not an error" }],
      ["DOMException without message", new DOMException("", "NotFoundError")],
      ["array", [1, "two"]],
      [
        "instance of a class",
        new CustomError("x").constructor === CustomError ? new (class Thing {})() : null,
      ],
      ["empty message", new TypeError("")],
    ]) {
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      client.accept();
      server.addEventListener("message", () => {
        throw thrown;
      });
      const seen = new Promise((resolve) => {
        server.addEventListener("error", (event) => {
          const copy = event.error;
          t.log(label, {
            message: event.message,
            error: t.describe(copy),
            same: copy === thrown,
            isCustom: copy instanceof CustomError,
            isError: copy instanceof Error,
          });
          resolve();
        });
      });
      client.send("a");
      await Promise.race([seen, t.sleep(20)]);
    }
  },

  throwingNonError: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", () => {
      throw "a string";
    });
    client.send("a");
    await t.sleep(20);
  },

  closeListenerThrows: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("close", () => {
      t.log("throwing close listener");
      throw new TypeError("close boom");
    });
    server.addEventListener("close", () => t.log("later close listener"));
    client.close(1000, "bye");
    await t.sleep(30);
    t.state("final", client, server);
  },

  onmessageThrows: async (t) => {
    const [client, server] = t.pair();
    server.onmessage = () => {
      throw new Error("from onmessage");
    };
    client.send("a");
    await t.sleep(20);
    t.state("final", client, server);
  },
};
