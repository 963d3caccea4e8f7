// Close reasons: the 123-UTF-8-byte limit (2026), no limit (2024), conversion to string and USVString.

/** Closes a fresh pair's client with (1000, reason) and records the outcome and what the server got. */
async function closeWithReason(t, label, reason) {
  const [client, server] = Object.values(new WebSocketPair());
  client.accept();
  server.accept();
  server.addEventListener("close", (event) =>
    t.log(`${label} delivered`, { length: event.reason.length, reason: event.reason }),
  );
  t.try(`close(1000, ${label})`, () => client.close(1000, reason));
  t.log(`${label} rs after`, client.readyState);
}

export const scenarios = {
  byteLimitAscii: async (t) => {
    await closeWithReason(t, "123 ASCII", "a".repeat(123));
    await closeWithReason(t, "124 ASCII", "a".repeat(124));
    await closeWithReason(t, "1000 ASCII", "b".repeat(1000));
    await t.sleep(30);
  },

  byteLimitCountsUtf8Bytes: async (t) => {
    await closeWithReason(t, "41 euro (123 bytes)", "€".repeat(41));
    await closeWithReason(t, "42 euro (126 bytes)", "€".repeat(42));
    await closeWithReason(t, "30 emoji (120 bytes)", "😀".repeat(30));
    await closeWithReason(t, "31 emoji (124 bytes)", "😀".repeat(31));
    await closeWithReason(t, "62 two-byte (124 bytes)", "é".repeat(62));
    await t.sleep(30);
  },

  rejectedReasonSendsNothing: async (t) => {
    const [client, server] = t.pair();
    t.try("close(1000, 200 bytes)", () => client.close(1000, "z".repeat(200)));
    t.state("after", client, server);
    t.try("send afterwards", () => client.send("still open"));
    await t.sleep(20);
  },

  reasonCoercion: async (t) => {
    await closeWithReason(t, "42", 42);
    await closeWithReason(t, "null", null);
    await closeWithReason(t, "{}", {});
    await closeWithReason(t, "lone surrogate", "a\ud800b");
    await closeWithReason(t, "NUL", "a\u0000b");
    await closeWithReason(t, "custom toString", { toString: () => "custom" });
    await t.sleep(30);
  },

  reasonSymbolThrows: async (t) => {
    const [client, server] = t.pair();
    t.try("close(1000, Symbol())", () => client.close(1000, Symbol("r")));
    t.state("untouched", client, server);
  },
};
