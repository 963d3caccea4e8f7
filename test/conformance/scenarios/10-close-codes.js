// Which close codes close() accepts, how non-integer codes are converted, and that validation comes
// before any state check.

/** Closes a fresh pair's client with `code` and resolves with what the server's close event carried. */
function deliveredCode(code) {
  const [client, server] = Object.values(new WebSocketPair());
  client.accept();
  server.accept();
  const received = new Promise((resolve) => server.addEventListener("close", (event) => resolve(event.code)));
  client.close(code, "r");
  return received;
}

export const scenarios = {
  allowedCodesAreDelivered: async (t) => {
    const codes = [
      1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1016, 2999, 3000, 4000, 4999,
    ];
    const delivered = await Promise.all(codes.map(deliveredCode));
    t.log("delivered", delivered);
  },

  invalidCodesThrow: async (t) => {
    const [client, server] = t.pair();
    for (const code of [999, 1004, 1005, 1006, 1015, 5000, 65535, 66536, -1, 0, 1]) {
      t.try(`close(${code})`, () => client.close(code));
    }
    t.state("state untouched", client, server);
    client.send("still usable");
    await t.sleep(20);
  },

  codeConversion: async (t) => {
    const inputs = [
      ["1000.5", 1000.5],
      ["3000.9", 3000.9],
      ["'1000'", "1000"],
      ["' 3000 '", " 3000 "],
      ["-0", -0],
      ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
      ["'3000abc'", "3000abc"],
      ["true", true],
      ["null", null],
      ["{valueOf: 4001}", { valueOf: () => 4001 }],
      ["[3001]", [3001]],
    ];
    for (const [label, code] of inputs) {
      const [client, server] = Object.values(new WebSocketPair());
      client.accept();
      server.accept();
      server.addEventListener("close", (event) => t.log(`${label} delivered`, event.code));
      t.try(`close(${label})`, () => client.close(code));
    }
    await t.sleep(30);
  },

  codesOutsideInt32: async (t) => {
    const [client, server] = t.pair();
    for (const [label, code] of [
      ["2**31", 2 ** 31],
      ["2**32 + 1000", 2 ** 32 + 1000],
      ["-(2**31) - 1", -(2 ** 31) - 1],
      ["1e20", 1e20],
    ]) {
      t.try(`close(${label})`, () => client.close(code));
    }
    t.state("untouched", client, server);
    await t.sleep(20);
  },

  symbolCodeThrows: async (t) => {
    const [client, server] = t.pair();
    t.try("close(Symbol())", () => client.close(Symbol("code")));
    t.state("untouched", client, server);
  },

  validationBeforeStateChecks: async (t) => {
    const [client, server] = t.pair({ accept: false });
    t.try("unaccepted close(1004)", () => client.close(1004));
    t.try("unaccepted close(1000)", () => client.close(1000));
    t.try("unaccepted close(1000, long reason)", () => client.close(1000, "x".repeat(200)));
    server.accept();
    server.close(1000, "done");
    t.try("closed close(1004)", () => server.close(1004));
    t.try("closed close(1000, 200-byte reason)", () => server.close(1000, "y".repeat(200)));
    t.try("closed close(undefined, 'r')", () => server.close(undefined, "r"));
    t.try("closed close(1000)", () => server.close(1000));
    t.state("final", client, server);
  },
};
