// A second or third close() is ignored; the peer sees only the first code and reason.

export const scenarios = {
  secondCloseIgnored: async (t) => {
    const [client] = t.pair();
    t.try("close(4000, 'first')", () => client.close(4000, "first"));
    t.try("close(4001, 'second')", () => client.close(4001, "second"));
    t.try("close()", () => client.close());
    await t.sleep(20);
  },

  invalidCodeStillThrowsWhenClosed: async (t) => {
    const [client] = t.pair();
    client.close(1000);
    t.try("close(999) after close", () => client.close(999));
    t.try("close(undefined, 'r') after close", () => client.close(undefined, "r"));
    await t.sleep(20);
  },
};
