// send() turns anything that is not binary into a string with JS ToString; a Symbol or a missing
// argument throws.

export const scenarios = {
  primitivesBecomeStrings: async (t) => {
    const [client] = t.pair();
    for (const value of [42, 3.5, -0, NaN, Infinity, true, null, undefined, 10n]) {
      t.try(`send(${typeof value} ${String(value)})`, () => client.send(value));
    }
    await t.sleep(20);
  },

  objectsBecomeStrings: async (t) => {
    const [client] = t.pair();
    client.send({});
    client.send([1, 2]);
    client.send({ toString: () => "custom" });
    client.send(new String("boxed"));
    client.send(function namedFn(a) {
      return a;
    });
    client.send(new Date(0).toISOString());
    client.send({ [Symbol.toPrimitive]: () => "primitive" });
    await t.sleep(20);
  },

  symbolThrows: async (t) => {
    const [client, server] = t.pair();
    t.try("send(Symbol())", () => client.send(Symbol("s")));
    t.state("after throw", client, server);
    client.send("still works");
    await t.sleep(20);
  },

  missingArgumentThrows: async (t) => {
    const [client] = t.pair();
    t.try("send()", () => client.send());
    t.try("send(undefined)", () => client.send(undefined));
    await t.sleep(20);
  },

  toStringThrows: async (t) => {
    const [client] = t.pair();
    t.try("send(object whose toString throws)", () =>
      client.send({
        toString() {
          throw new RangeError("no string for you");
        },
      }),
    );
    client.send("after");
    await t.sleep(20);
  },
};
