import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, WebSocket as WsWebSocket } from "ws";
// Internals from src, all from one module graph (the delivery loop included).
import { WsTransport } from "../../src/network/ws-transport.js";
import { type Frame, isFailure, type TransportFailure } from "../../src/transport/transport.js";

// The Transport over a real ws connection: rendezvous semantics and backpressure through TCP.

const MiB = 1024 * 1024;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A connected pair over loopback: our transport on the server side, a plain ws client. */
async function connectedPair(limit = 32 * MiB): Promise<{ transport: WsTransport; client: WsWebSocket }> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, maxPayload: limit, perMessageDeflate: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  const accepted = new Promise<WsTransport>((resolve) =>
    wss.once("connection", (socket) => resolve(new WsTransport(socket, limit))),
  );
  const client = new WsWebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  await new Promise((resolve) => client.once("open", resolve));
  const transport = await accepted;
  cleanups.push(async () => {
    client.terminate();
    for (const socket of wss.clients) socket.terminate();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return { transport, client };
}

function receiveOne(transport: WsTransport): Promise<Frame | TransportFailure> {
  return new Promise((resolve) => transport.receive(resolve, undefined));
}

async function waitFor(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("WsTransport", () => {
  it("hands over text, binary and the peer's Close frame in order", async () => {
    const { transport, client } = await connectedPair();
    client.send("one");
    client.send(Buffer.from([1, 2]));
    client.close(4000, "bye");
    expect(await receiveOne(transport)).toEqual({ kind: "text", data: "one" });
    expect(await receiveOne(transport)).toEqual({ kind: "binary", data: new Uint8Array([1, 2]) });
    expect(await receiveOne(transport)).toEqual({ kind: "close", code: 4000, reason: "bye" });
  });

  it("reports a peer that vanishes as disconnected", async () => {
    const { transport, client } = await connectedPair();
    client.terminate();
    const result = await receiveOne(transport);
    expect(isFailure(result) && result.kind).toBe("disconnected");
  });

  it("stops reading from TCP while nobody takes the frames, so a fast sender is held back", async () => {
    const { transport, client } = await connectedPair();
    const chunk = Buffer.alloc(MiB, 1);
    for (let i = 0; i < 64; i++) client.send(chunk);
    // Nothing is received: the server stops reading, so the client cannot flush everything.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.bufferedAmount).toBeGreaterThan(8 * MiB);
    let received = 0;
    while (received < 64) {
      const frame = await receiveOne(transport);
      expect(frame.kind).toBe("binary");
      received++;
    }
    await waitFor(() => client.bufferedAmount === 0);
  });

  it("finishes a send only once the connection took it, so a slow reader holds the sender back", async () => {
    const { transport, client } = await connectedPair();
    client.pause();
    const data = new Uint8Array(MiB);
    let done = 0;
    for (let i = 0; i < 64; i++) {
      transport.send({ kind: "binary", data }, (failure) => {
        if (!failure) done++;
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The paused reader leaves TCP buffers full: most sends are still waiting.
    expect(done).toBeLessThan(64);
    let arrived = 0;
    client.on("message", () => arrived++);
    client.resume();
    await waitFor(() => done === 64 && arrived === 64);
  });

  it("refuses a message over its limit: protocol error, Close 1009 with both sizes to the peer", async () => {
    const { transport, client } = await connectedPair(1000);
    const closed = new Promise<[number, string]>((resolve) =>
      client.once("close", (code, reason) => resolve([code, reason.toString()])),
    );
    client.send(Buffer.alloc(1001));
    const result = await receiveOne(transport);
    expect(isFailure(result) && result.kind === "protocol" && result.error.message).toBe(
      "WebSocket protocol error; protocolError.statusCode = 1009; protocolError.description = Message is too large: 1001 > 1000",
    );
    expect(await closed).toEqual([1009, "Message is too large: 1001 > 1000"]);
  });

  it("explains a close code workerd allows but ws cannot send", async () => {
    const { transport } = await connectedPair();
    const failure = await new Promise<TransportFailure | undefined>((resolve) =>
      transport.send({ kind: "close", code: 2000, reason: "" }, resolve),
    );
    expect(failure?.kind === "protocol" && failure.error.message).toContain(
      "close code 2000 is valid in workerd but the ws library refuses to send it",
    );
  });
});
