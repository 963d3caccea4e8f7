// @vitest-environment node
// In another environment the matchers come from `import "vitest-environment-workers-ws/matchers"`
// (in a setup file; imported here for the one file).
import "vitest-environment-workers-ws/matchers";
import { afterAll, expect, it } from "vitest";
import { createRuntime, settle } from "workers-ws";

const runtime = createRuntime({ compatibilityDate: "2026-11-01" });
const restore = runtime.install(globalThis);
afterAll(() => {
  runtime.dispose();
  restore();
});

it("registers the matchers and the serializer on Vitest's expect", async () => {
  const [client, server] = new WebSocketPair();
  client.accept();
  server.accept();
  client.send("hi");
  await expect(server).toReceiveMessage("hi");
  expect(server).toHaveReceivedMessages(["hi"]);
  expect(client).toMatchInlineSnapshot(`
    WebSocket OPEN [
      accept()
      sent "hi"
    ]
  `);
  await settle();
});
