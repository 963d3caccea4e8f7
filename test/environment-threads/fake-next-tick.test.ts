import { afterEach, expect, it, vi } from "vitest";
import { settle } from "vitest-environment-workers-ws";

afterEach(() => {
  vi.useRealTimers();
});

// The delivery loop captured the real process.nextTick and queueMicrotask when it loaded.
it("delivers events while process.nextTick and queueMicrotask are faked", async () => {
  vi.useFakeTimers({ toFake: ["nextTick", "queueMicrotask", "setTimeout", "setImmediate"] });
  const [client, server] = new WebSocketPair();
  client.accept();
  server.accept();
  const order: string[] = [];
  server.addEventListener("message", (e) => order.push(`server ${e.data}`));
  server.addEventListener("close", (e) => order.push(`server close ${e.code}`));
  client.addEventListener("close", (e) => order.push(`client close ${e.code}`));
  client.send("a");
  client.send("b");
  client.close(4000, "done");
  await settle();
  expect(order).toEqual(["server a", "server b", "server close 4000", "client close 4000"]);
});
