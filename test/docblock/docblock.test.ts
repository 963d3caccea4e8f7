// @vitest-environment workers-ws
import { describe, expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";

// The "docblock" project's environment is "node"; the comment above switches this file only.
describe("a file switched to workers-ws by its docblock", () => {
  it("gets the Workers globals at the default compatibility date", async () => {
    expect(typeof WebSocketPair).toBe("function");
    const [client, server] = new WebSocketPair();
    expect(client.readyState).toBe(WebSocket.OPEN);
    expect(server.binaryType).toBe("blob");
    expect(Object.prototype.toString.call(client)).toBe("[object WebSocket]");
    client.accept();
    server.accept();
    client.close(1000);
    await settle();
    expect([client.readyState, server.readyState]).toEqual([3, 3]);
  });

  it("gets a Response that accepts status 101 with a webSocket", async () => {
    // @types/node types the global Response as undici's; the package's export has the Workers type.
    const WorkersResponse = Response as unknown as typeof import("vitest-environment-workers-ws").Response;
    const [client, server] = new WebSocketPair();
    const response = new WorkersResponse(null, { status: 101, webSocket: client });
    expect(response.status).toBe(101);
    expect(response.webSocket).toBe(client);
    server.accept();
    client.accept();
    server.close(1001, "going away");
    await settle();
  });
});
