import { expect, it } from "vitest";
import { currentFileRuntime, serve } from "vitest-environment-workers-ws";

const shared = globalThis as {
  leakedTicks?: number;
  leakedDeliveries?: number;
  leakedTimers?: unknown[];
  leakedServerUrl?: string;
};

it("file a leaves sockets, listeners, deliveries in flight, timers and a server behind", async () => {
  // The server first: awaiting it after the timers could outlast the 30 ms timeout below.
  const served = await serve({ fetch: () => new Response("still here") });
  shared.leakedServerUrl = served.url;
  expect(await (await fetch(served.url)).text()).toBe("still here");
  shared.leakedTicks = 0;
  shared.leakedDeliveries = 0;
  const [client, server] = new WebSocketPair();
  server.addEventListener("message", () => {
    shared.leakedDeliveries = (shared.leakedDeliveries ?? 0) + 1;
  });
  client.accept();
  server.accept();
  for (let i = 0; i < 100; i++) client.send(`in flight ${i}`);
  const [unaccepted] = new WebSocketPair();
  unaccepted.addEventListener("close", () => {});
  const interval = setInterval(() => {
    shared.leakedTicks = (shared.leakedTicks ?? 0) + 1;
  }, 1);
  const timeout = setTimeout(() => {
    shared.leakedTicks = (shared.leakedTicks ?? 0) + 1000;
  }, 30);
  // With isolate: false the next file shares this global object and can inspect the handles.
  shared.leakedTimers = [interval, timeout];
  expect(currentFileRuntime()?.runtime.openSockets()).toHaveLength(4);
});
