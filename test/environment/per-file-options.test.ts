// @vitest-environment-options {"compatibilityDate":"2024-01-01","strict":true}
import { describe, expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";

// The project sets compatibilityDate 2026-11-01; this file's docblock replaces those options.
describe("options set per file with @vitest-environment-options", () => {
  it("uses the file's compatibility date: binaryType defaults to arraybuffer before 2026-03-17", async () => {
    const [client, server] = new WebSocketPair();
    expect(client.binaryType).toBe("arraybuffer");
    expect(Object.prototype.toString.call(client)).toBe("[object Object]");
    client.accept();
    server.accept();
    client.close(1000);
    server.close(1000);
    await settle();
  });

  it("uses the file's date for the close handshake: no automatic reply before 2026-04-07", async () => {
    const [client, server] = new WebSocketPair();
    client.accept();
    server.accept();
    const seen: number[] = [];
    client.addEventListener("close", () => seen.push(client.readyState));
    server.close(1000, "bye");
    await settle();
    expect(seen).toEqual([2]);
    expect([client.readyState, server.readyState]).toEqual([2, 2]);
    client.close(1000, "bye too");
    await settle();
  });

  it("applies strict: a second close() names the mistake instead of being ignored", async () => {
    const [client, server] = new WebSocketPair();
    client.accept();
    server.accept();
    client.close(1000);
    expect(() => client.close(1000)).toThrow(
      "workers-ws strict: close() was called on a WebSocket that is already closing or closed; the runtime ignores this call.",
    );
    server.close(1000);
    await settle();
  });
});
