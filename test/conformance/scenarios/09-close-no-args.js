// close() without a code sends 1005 with an empty reason; a code without a reason sends "".
// null is not "missing": it converts to 0 and is rejected.

/** Closes a fresh accepted pair's client with `args` and records what the server receives. */
async function closeWith(t, label, args) {
  const [client, server] = Object.values(new WebSocketPair());
  client.accept();
  server.accept();
  server.addEventListener("close", (event) =>
    t.log(`${label} → server got`, { code: event.code, reason: event.reason, wasClean: event.wasClean }),
  );
  client.addEventListener("close", (event) =>
    t.log(`${label} → client got`, { code: event.code, reason: event.reason }),
  );
  t.try(label, () => client.close(...args));
  return [client, server];
}

export const scenarios = {
  withoutCode: async (t) => {
    await closeWith(t, "close()", []);
    await closeWith(t, "close(undefined, undefined)", [undefined, undefined]);
    await t.sleep(30);
  },

  codeWithoutReason: async (t) => {
    await closeWith(t, "close(1000)", [1000]);
    await closeWith(t, "close(1000, '')", [1000, ""]);
    await closeWith(t, "close(1000, undefined)", [1000, undefined]);
    await t.sleep(30);
  },

  nullCodeAndReasonWithoutCode: async (t) => {
    const [client] = await closeWith(t, "close(null)", [null]);
    t.try("close(undefined, 'why')", () => client.close(undefined, "why"));
    t.try("close(undefined, '')", () => client.close(undefined, ""));
    t.state("still open", client);
    await t.sleep(20);
  },

  noArgsHandshake: async (t) => {
    const [client, server] = t.pair();
    client.close();
    await t.sleep(20);
    t.try("server.close() reply", () => server.close());
    await t.sleep(20);
    t.state("final", client, server);
  },
};
