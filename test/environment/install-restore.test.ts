import { describe, expect, it } from "vitest";
import { createRuntime, workersGlobals } from "vitest-environment-workers-ws";

describe("installing the globals and putting back what was there", () => {
  it("restores each replaced property's exact descriptor and deletes the ones it added", () => {
    const originalGetter = () => "node websocket";
    const target: Record<string, unknown> = {};
    Object.defineProperty(target, "WebSocket", {
      get: originalGetter,
      enumerable: false,
      configurable: true,
    });
    Object.defineProperty(target, "Response", {
      value: "node response",
      writable: false,
      enumerable: true,
      configurable: true,
    });
    target.Event = "node event";
    const before = Object.getOwnPropertyDescriptors(target);

    const restore = createRuntime({ compatibilityDate: "2024-01-01" }).install(target);
    expect(target.WebSocket).toBe(workersGlobals.WebSocket);
    expect(target.Response).toBe(workersGlobals.Response);
    expect(target.WebSocketPair).toBe(workersGlobals.WebSocketPair);
    expect(target.fetch).toBe(workersGlobals.fetch);
    expect(Object.getOwnPropertyDescriptor(target, "WebSocketPair")).toMatchObject({
      writable: true,
      enumerable: false,
      configurable: true,
    });

    restore();
    expect(Object.getOwnPropertyDescriptors(target)).toEqual(before);
    expect("WebSocketPair" in target).toBe(false);
    expect("CloseEvent" in target).toBe(false);
    expect("fetch" in target).toBe(false);
  });

  it("puts Node's fetch back after replacing it with the routed one", () => {
    const nodeFetch = async () => new Response("node");
    const target: Record<string, unknown> = { fetch: nodeFetch };
    const restore = createRuntime().install(target);
    expect(target.fetch).toBe(workersGlobals.fetch);
    restore();
    expect(target.fetch).toBe(nodeFetch);
  });

  it("restores only once, however often the returned function is called", () => {
    const target: Record<string, unknown> = { WebSocket: "original" };
    const restore = createRuntime().install(target);
    restore();
    target.WebSocket = "changed later";
    restore();
    expect(target.WebSocket).toBe("changed later");
  });
});
