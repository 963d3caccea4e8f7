import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import { wsClient } from "./clients.js";
import { type LocalWsServer, startLocalWsServer } from "./local-ws-server.js";

// The runtime's limits and faults on network sockets, as workerd shows them over a real connection
// (test/conformance/network compares the same cases against workerd).

const LIMIT = 32 * 1024 * 1024;
const stops: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((item) => item.close()));
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await settle();
}

/** Serves a Worker whose end logs sizes, closes and errors, and echoes sizes back as text. */
async function servedLogger(log: string[]): Promise<ServedWorker> {
  const server = await serve({
    fetch() {
      const [client, end] = new WebSocketPair();
      end.binaryType = "arraybuffer";
      end.accept();
      end.addEventListener("message", (event) => {
        const data = event.data as string | ArrayBuffer;
        const size = typeof data === "string" ? data.length : data.byteLength;
        log.push(`message ${size}`);
        end.send(`got ${size}`);
      });
      end.addEventListener("close", (event) =>
        log.push(`close ${event.code} ${event.reason} ${event.wasClean}`),
      );
      end.addEventListener("error", (event) => log.push(`error ${event.message}`));
      return new Response(null, { status: 101, webSocket: client } as ResponseInit);
    },
  });
  stops.push(server);
  return server;
}

describe("the 32 MiB incoming message limit", () => {
  it("delivers a message of exactly 32 MiB", async () => {
    const log: string[] = [];
    const { url } = await servedLogger(log);
    const client = wsClient(url);
    await client.opened;
    client.send(new Uint8Array(LIMIT));
    expect(await client.messages(1)).toEqual([`got ${LIMIT}`]);
    client.close(1000);
    await client.closed;
  });

  it.each([
    [true, "Message is too large", "Message is too large"],
    [false, `Message is too large: ${LIMIT + 1} > ${LIMIT}`, `Message is too large: ${LIMIT + 1} > ${LIMIT}`],
  ])(
    "over it (client offers compression: %s): the Worker gets the protocol error, the sender close 1009",
    async (compress, reason, description) => {
      const log: string[] = [];
      const { url } = await servedLogger(log);
      const client = wsClient(url, [], { compress });
      await client.opened;
      client.send(new Uint8Array(LIMIT + 1));
      expect(await client.closed).toEqual({ code: 1009, reason });
      await until(() => log.length > 0, "the Worker's error");
      expect(log).toEqual([
        `error Uncaught Error: WebSocket protocol error; protocolError.statusCode = 1009; protocolError.description = ${description}`,
      ]);
    },
  );

  it("applies to a Worker's own client socket too", async () => {
    const server: LocalWsServer = await startLocalWsServer({ compress: false });
    stops.push(server);
    const ws = new WebSocket(server.url);
    const seen: string[] = [];
    ws.addEventListener("open", () => ws.send(`size ${"x".repeat(10)}`));
    ws.addEventListener("message", () => seen.push("message"));
    ws.addEventListener("error", (event) => seen.push(`error ${event.message}`));
    ws.addEventListener("close", (event) => seen.push(`close ${event.code}`));
    await until(() => seen.length === 1, "the echo");
    // The local server echoes what it gets: a text message of 32 MiB + 1 bytes comes back.
    ws.send("y".repeat(LIMIT + 1));
    await until(() => seen.length === 2, "the error");
    expect(seen).toEqual([
      "message",
      `error Uncaught Error: WebSocket protocol error; protocolError.statusCode = 1009; protocolError.description = Message is too large: ${LIMIT + 1} > ${LIMIT}`,
    ]);
    await until(() => server.log.some((line) => line.startsWith("close")), "the server's close");
    expect(server.log.at(-1)).toBe(`close 1009 Message is too large: ${LIMIT + 1} > ${LIMIT}`);
  });
});

describe("peers that go away", () => {
  it("a client that vanishes without a Close frame: the Worker's end gets close 1006", async () => {
    const log: string[] = [];
    const { url } = await servedLogger(log);
    const { WebSocket: WsWebSocket } = await import("ws");
    const socket = new WsWebSocket(url.replace("http", "ws"));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.terminate();
    await until(() => log.length > 0, "the Worker's close");
    expect(log).toEqual(["close 1006 WebSocket disconnected without sending Close frame. false"]);
  });

  it("a server stopped while clients are connected: clients see 1006, the Worker's ends close 1006", async () => {
    const log: string[] = [];
    const served = await servedLogger(log);
    const first = wsClient(served.url);
    const second = wsClient(served.url);
    await Promise.all([first.opened, second.opened]);
    await served.close();
    expect(await first.closed).toEqual({ code: 1006, reason: "" });
    expect(await second.closed).toEqual({ code: 1006, reason: "" });
    await until(() => log.length === 2, "both Worker ends' close");
    expect(log).toEqual([
      "close 1006 WebSocket disconnected without sending Close frame. false",
      "close 1006 WebSocket disconnected without sending Close frame. false",
    ]);
    await expect(fetch(served.url)).rejects.toThrow();
  });

  it("a server the Worker connected to that vanishes: its socket gets close 1006", async () => {
    const server = await startLocalWsServer();
    const ws = new WebSocket(server.url);
    const seen: string[] = [];
    ws.addEventListener("open", () => seen.push("open"));
    ws.addEventListener("close", (event) =>
      seen.push(`close ${event.code} ${event.reason} ${event.wasClean}`),
    );
    ws.addEventListener("error", (event) => seen.push(`error ${event.message}`));
    await until(() => seen.length === 1, "open");
    await server.close();
    await until(() => seen.length === 2, "the close");
    expect(seen).toEqual(["open", "close 1006 WebSocket disconnected without sending Close frame. false"]);
  });
});
