import { expect, it } from "vitest";

// Leaves one accepted pair open on purpose: the environment must close and report it at teardown.
it("opens a pair and never closes it", () => {
  const [client, server] = new WebSocketPair();
  client.accept();
  server.accept();
  (globalThis as Record<string, unknown>).leftoverPeer = client;
  expect(server.readyState).toBe(1);
});
