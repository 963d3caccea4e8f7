import { describe, expect, it } from "vitest";
import * as api from "vitest-environment-workers-ws";

describe("the workers-ws environment as configured in vitest.workspace.ts", () => {
  it("installs the Workers globals, the same objects the package exports", () => {
    expect(globalThis.WebSocketPair).toBe(api.WebSocketPair);
    expect(globalThis.WebSocket).toBe(api.WebSocket);
    expect(globalThis.Response).toBe(api.Response);
    expect(globalThis.MessageEvent).toBe(api.MessageEvent);
    expect(globalThis.CloseEvent).toBe(api.CloseEvent);
    expect(globalThis.ErrorEvent).toBe(api.ErrorEvent);
    expect(globalThis.Event).toBe(api.Event);
    expect(globalThis.EventTarget).toBe(api.EventTarget);
  });

  it("does not define window and leaves Node's other globals alone", () => {
    expect("window" in globalThis).toBe(false);
    expect(typeof globalThis.Request).toBe("function");
    expect(new Request("https://example.com/").url).toBe("https://example.com/");
    expect(typeof globalThis.fetch).toBe("function");
  });

  it("delivers a message between the two ends of a pair", async () => {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    client.accept();
    const received = new Promise((resolve) =>
      server.addEventListener("message", (e: MessageEvent) => resolve(e.data)),
    );
    client.send("hello");
    await expect(received).resolves.toBe("hello");
    client.close(1000, "done");
    await api.settle();
  });
});
