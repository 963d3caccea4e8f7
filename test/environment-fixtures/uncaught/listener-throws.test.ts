import { expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";

it("a quiet test before", () => {
  expect(1).toBe(1);
});

it("a Worker whose message listener has a bug", async () => {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("message", () => {
    // The docs-snippet bug: `event` is not defined in this listener.
    // @ts-expect-error on purpose
    server.send(event.data);
  });
  client.accept();
  client.send("hello");
  await settle();
  // workerd: the exception ends the server's read loop, so both ends are closed.
  expect(server.readyState).toBe(3);
});

it("a quiet test after", () => {
  expect(1).toBe(1);
});
