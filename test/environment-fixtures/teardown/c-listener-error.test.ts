import { expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";

it("a quiet test before the throwing one", () => {
  expect(1).toBe(1);
});

it("a message listener that throws", async () => {
  const [client, server] = new WebSocketPair();
  server.addEventListener("message", () => {
    throw new Error("boom from a message listener");
  });
  client.accept();
  server.accept();
  client.send("hello");
  await settle();
  expect(server.readyState).toBe(3);
});

it("a close listener that throws (only logged with spec_compliant_dispatch_exceptions)", async () => {
  const [client, server] = new WebSocketPair();
  server.addEventListener("close", () => {
    throw new Error("boom from a close listener");
  });
  client.accept();
  server.accept();
  client.close(1000, "bye");
  await settle();
  expect(client.readyState).toBe(3);
});

it("a quiet test after the throwing ones", () => {
  expect(1).toBe(1);
});
