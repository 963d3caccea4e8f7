import { expect, it } from "vitest";
import { currentFileRuntime } from "vitest-environment-workers-ws";

it("file a opens a pair and leaves it open", () => {
  const [client, server] = new WebSocketPair();
  client.accept();
  server.accept();
  expect(currentFileRuntime()?.runtime.openSockets()).toHaveLength(2);
});
