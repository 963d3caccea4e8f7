/**
 * Helpers for the tests of messages over the 32 MiB limit between the runtime's own ends of real
 * connections: a served Worker that records what its end sees, the test's own client socket (an
 * upgrading fetch(), which offers no compression), and a client that writes frames by hand.
 */
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import type { WebSocket as RuntimeWebSocket } from "workers-ws";

export const LIMIT = 32 * 1024 * 1024;

/** kj's protocol error for a frame of `size` bytes refused at its header, as an error event names it. */
export function tooLargeAtHeader(size: number, left = LIMIT): string {
  return `Uncaught Error: WebSocket protocol error; protocolError.statusCode = 1009; protocolError.description = Message is too large: ${size} > ${left}`;
}

export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await settle();
}

/** Records a socket's error and close events with the readyState each sees. */
export function recordEvents(ws: RuntimeWebSocket, log: string[]): void {
  ws.addEventListener("error", (event) => log.push(`error ${event.message} rs=${ws.readyState}`));
  ws.addEventListener("close", (event) =>
    log.push(`close ${event.code} ${event.reason} ${event.wasClean} rs=${ws.readyState}`),
  );
}

/** Serves a Worker whose end records its events and sends 32 MiB + 1 bytes when asked ("send large"). */
export async function servedRecorder(log: string[]): Promise<ServedWorker> {
  return serve({
    fetch() {
      const [client, end] = new WebSocketPair();
      end.accept();
      recordEvents(end, log);
      end.addEventListener("message", (event) => {
        if (event.data === "send large") end.send(new Uint8Array(LIMIT + 1));
      });
      return new Response(null, { status: 101, webSocket: client } as ResponseInit);
    },
  });
}

/** The test's own client socket to `url`, over an upgrading fetch() (no compression offered). */
export async function upgradingFetch(url: string, log: string[]): Promise<RuntimeWebSocket> {
  const response = await fetch(url, { headers: { Upgrade: "websocket" } });
  const ws = response.webSocket;
  if (!ws) throw new Error(`the upgrade was refused with ${response.status}`);
  ws.accept();
  recordEvents(ws, log);
  return ws;
}

/** A masked frame header (zero mask) with a 64-bit payload length. */
export function frameHeader(fin: boolean, opcode: number, length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = (fin ? 0x80 : 0) | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/**
 * Upgrades a raw TCP connection to `url`, writes `frames`, and returns the frames the server sent
 * after the 101 (Close frames with their code and reason) and whether it dropped the connection
 * within `waitMs`.
 */
export async function rawClient(
  url: string,
  frames: Buffer[],
  waitMs = 2000,
): Promise<{ frames: string[]; dropped: boolean }> {
  const socket = connect(Number(new URL(url).port), "127.0.0.1");
  let received = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  socket.on("error", () => undefined);
  const closed = new Promise((resolve) => socket.once("close", resolve));
  socket.write(
    "GET / HTTP/1.1\r\nHost: served\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  await until(() => received.includes("\r\n\r\n"), "the 101");
  for (const frame of frames) socket.write(frame);
  const dropped = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs)),
  ]);
  socket.destroy();
  const seen: string[] = [];
  let rest = received.subarray(received.indexOf("\r\n\r\n") + 4);
  while (rest.length >= 2) {
    const opcode = (rest[0] as number) & 0x0f;
    const length = (rest[1] as number) & 0x7f;
    const payload = rest.subarray(2, 2 + length);
    seen.push(
      opcode === 8
        ? `close ${payload.readUInt16BE(0)} ${payload.subarray(2).toString()}`
        : `opcode ${opcode}`,
    );
    rest = rest.subarray(2 + length);
  }
  return { frames: seen, dropped };
}

/**
 * The sending end of a message the receiving runtime refuses: workerd reports the failed write
 * first ("Network connection lost.", readyState 3), then the receiver's Close 1009, clean, with
 * the sizes. The same at both dates (recorded at 2024-01-01 and 2026-11-01), so each file that
 * runs at one of them calls this.
 */
export function describeSendersOverLimit(): void {
  describe("the sending end of a message the receiving runtime refuses", () => {
    const stops: ServedWorker[] = [];
    afterEach(async () => {
      await Promise.all(stops.splice(0).map((served) => served.close()));
    });

    it("a Worker's client socket sending it gets Network connection lost., then close 1009 (readyState 3)", async () => {
      const servedLog: string[] = [];
      const served = await servedRecorder(servedLog);
      stops.push(served);
      const seen: string[] = [];
      const ws = await upgradingFetch(served.url, seen);
      ws.send(new Uint8Array(LIMIT + 1));
      await until(() => seen.length === 2, "the sender's error and close");
      expect(seen).toEqual([
        "error Uncaught Error: Network connection lost. rs=3",
        `close 1009 Message is too large: ${LIMIT + 1} > ${LIMIT} true rs=3`,
      ]);
      await until(() => servedLog.length > 0, "the receiver's error");
      expect(servedLog).toEqual([`error ${tooLargeAtHeader(LIMIT + 1)} rs=3`]);
    });

    it("a served Worker's end sending it gets the same; the client socket gets the protocol error", async () => {
      const servedLog: string[] = [];
      const served = await servedRecorder(servedLog);
      stops.push(served);
      const seen: string[] = [];
      const ws = await upgradingFetch(served.url, seen);
      ws.send("send large");
      await until(() => servedLog.length === 2 && seen.length === 1, "both ends' events");
      expect(servedLog).toEqual([
        "error Uncaught Error: Network connection lost. rs=3",
        `close 1009 Message is too large: ${LIMIT + 1} > ${LIMIT} true rs=3`,
      ]);
      expect(seen).toEqual([`error ${tooLargeAtHeader(LIMIT + 1)} rs=3`]);
    });
  });
}
