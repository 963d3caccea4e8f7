import { describe, expect, it } from "vitest";
import { type WebSocket as RuntimeWebSocket, WebSocket } from "workers-ws";
import { describeError, NEW, Trace, thrownBy, useRuntime } from "./support/trace.js";

// new WebSocket(url) reads its URL as workerd's kj::Url does (conformance 35-websocket-urls): a
// URL kj accepts constructs a CONNECTING socket even when no connection can be made to it.

async function closeOf(ws: RuntimeWebSocket): Promise<void> {
  await new Promise<void>((resolve) => ws.addEventListener("close", () => resolve()));
}

describe("new WebSocket(url) edge cases", () => {
  useRuntime({ compatibilityDate: NEW });

  it("an empty host constructs a CONNECTING socket that fails with an internal error", async () => {
    for (const url of ["wss://", "ws://", "ws://:80", "ws:///path", "ws://[::1:1/", "ws://[]:1/"]) {
      const ws = new WebSocket(url);
      expect([ws.url, ws.readyState]).toEqual([url, 0]);
      const trace = new Trace();
      trace.tap("ws", ws);
      await closeOf(ws);
      expect(trace.lines.map((line) => line.replace(/reference = [0-9a-v]{24}/, "reference = <id>"))).toEqual(
        [
          "ws:error Uncaught Error: internal error; reference = <id> rs=3",
          "ws:close 1006 Failed to establish websocket connection false rs=3",
        ],
      );
    }
  });

  it("a port nothing can listen on fails as a lost connection", async () => {
    for (const url of [
      "ws://127.0.0.1:0",
      "ws://127.0.0.1:65536",
      "ws://127.0.0.1:abc/",
      "ws://127.0.0.1:-1/",
    ]) {
      const ws = new WebSocket(url);
      const errors: string[] = [];
      ws.addEventListener("error", (event) => errors.push(event.message));
      await closeOf(ws);
      expect(errors).toEqual(["Uncaught Error: Network connection lost."]);
    }
  });

  it("an IPv4-mapped loopback address is loopback for the network option", async () => {
    const ws = new WebSocket("ws://[::ffff:127.0.0.1]:1/");
    const errors: string[] = [];
    ws.addEventListener("error", (event) => errors.push(event.message));
    await closeOf(ws);
    expect(errors).toEqual(["Uncaught Error: Network connection lost."]);
  });

  it("refuses what kj cannot parse, and keeps a valid URL as written", () => {
    for (const url of [
      "  ws://127.0.0.1:1/",
      "ws:127.0.0.1:1",
      "ws://%zz/",
      "ws://a@b@host/",
      "//host/",
      "",
    ]) {
      expect(describeError(thrownBy(() => new WebSocket(url))), url).toBe(
        "DOMException SyntaxError(12): WebSocket Constructor: The url is invalid.",
      );
    }
    expect(describeError(thrownBy(() => new WebSocket("ws://127.0.0.1:1/#")))).toBe(
      "DOMException SyntaxError(12): WebSocket Constructor: The url fragment must be empty.",
    );
    const ws = new WebSocket("WS://user:pw@127.0.0.1:1/a b?x");
    expect(ws.url).toBe("WS://user:pw@127.0.0.1:1/a b?x");
    ws.close();
  });
});

describe("new WebSocket(url) to a host that does not resolve", () => {
  useRuntime({ compatibilityDate: NEW, network: "all" });

  it("fails with an internal error, as workerd's DNS failure does", async () => {
    const ws = new WebSocket("ws://nonexistent.invalid/");
    const errors: unknown[] = [];
    ws.addEventListener("error", (event) => errors.push(event.error));
    await closeOf(ws);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/^internal error; reference = [0-9a-v]{24}$/);
  });
});
