// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import environment, { serve } from "vitest-environment-workers-ws";
import { wsClient } from "./clients.js";
import { startLocalWsServer } from "./local-ws-server.js";

// This file runs in plain Node and drives the workers-ws environment's setup and teardown itself,
// so it can look at what is left after teardown: servers started by serve() and a Worker's
// outbound connections must all be gone, with no listening server, socket or timer left over.

const WATCHED = ["TCPServerWrap", "TCPSocketWrap", "Timeout"];

function handles(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(WATCHED.map((kind) => [kind, 0]));
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind in counts) counts[kind] = (counts[kind] as number) + 1;
  }
  return counts;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the environment's teardown", () => {
  it("closes servers from serve() and outbound connections: nothing is left listening or open", async () => {
    const upstream = await startLocalWsServer();
    const baseline = handles();

    const { teardown } = await environment.setup(globalThis, { "workers-ws": { openSockets: "silent" } });
    const served = await serve({
      fetch() {
        const [client, server] = new WebSocketPair();
        server.accept();
        server.send("hello");
        return new Response(null, { status: 101, webSocket: client } as ResponseInit);
      },
    });
    const client = wsClient(served.url);
    expect(await client.messages(1)).toEqual(["hello"]);
    const outbound = new WebSocket(upstream.url);
    await new Promise((resolve) => outbound.addEventListener("open", resolve));
    // The check can fail: right now a server listens and sockets are open.
    expect(handles().TCPServerWrap).toBeGreaterThan(baseline.TCPServerWrap as number);
    expect(upstream.connections()).toBe(1);

    await teardown(globalThis);

    expect(await client.closed).toEqual({ code: 1006, reason: "" });
    await eventually(() => upstream.connections() === 0, "the outbound connection to end");
    await expect(fetch(served.url)).rejects.toThrow();
    // Handles close a moment after their sockets end; none may stay beyond what was there before.
    const withinBaseline = () => WATCHED.every((kind) => (handles()[kind] ?? 0) <= (baseline[kind] ?? 0));
    await eventually(
      withinBaseline,
      `no handle beyond ${JSON.stringify(baseline)} (now ${JSON.stringify(handles())})`,
    );
    expect("WebSocketPair" in globalThis).toBe(false);
    await upstream.close();
  });

  it("names each server a file left listening, as it names open sockets (openSockets: warn)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const { teardown } = await environment.setup(globalThis, { "workers-ws": { openSockets: "warn" } });
      const first = await serve({ fetch: () => new Response("one") });
      const second = await serve({ fetch: () => new Response("two") });
      const stopped = await serve({ fetch: () => new Response("three") });
      await stopped.close();
      await teardown(globalThis);
      expect(warn.mock.calls.map((args) => String(args[0]))).toContain(
        `workers-ws: 2 servers from serve() were still listening when the test file ended (${first.url}, ${second.url}); closed now.`,
      );
      await expect(fetch(first.url)).rejects.toThrow();
    } finally {
      warn.mockRestore();
    }
  });
});
