/**
 * Shared by the compression tests (on by date, off by flag): a Worker that reports the offer it
 * received and sends a large, very compressible message, and a client that counts the bytes that
 * crossed the wire for it.
 */
import type { AddressInfo } from "node:net";
import { WebSocket as WsWebSocket } from "ws";

export const COMPRESSIBLE = "a".repeat(100_000);

export const offerReportingWorker = {
  fetch(request: Request): Response {
    const [client, server] = new WebSocketPair();
    server.accept();
    server.send(`offer: ${request.headers.get("sec-websocket-extensions")}`);
    server.send(COMPRESSIBLE);
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  },
};

export interface WireReport {
  /** The Sec-WebSocket-Extensions the server answered (undefined: none). */
  answer: string | undefined;
  /** The first message: the offer as the Worker saw it. */
  offerSeen: string;
  /** Bytes read from TCP until the large message had arrived. */
  bytesRead: number;
}

export function readOverTheWire(url: string): Promise<WireReport> {
  return new Promise((resolve, reject) => {
    const socket = new WsWebSocket(url.replace(/^http/, "ws"));
    let answer: string | undefined;
    const messages: string[] = [];
    socket.once("upgrade", (response) => {
      answer = response.headers["sec-websocket-extensions"] as string | undefined;
    });
    socket.on("error", reject);
    socket.on("message", (data: Buffer) => {
      messages.push(data.toString());
      if (messages.length === 2) {
        const raw = (socket as unknown as { _socket: { bytesRead: number; address(): AddressInfo } })._socket;
        resolve({ answer, offerSeen: messages[0] as string, bytesRead: raw.bytesRead });
        socket.close(1000);
      }
    });
  });
}
