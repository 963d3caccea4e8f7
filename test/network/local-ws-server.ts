/**
 * A plain ws server on 127.0.0.1 for a Worker to connect out to. It records what it sees and
 * answers "close <code> <reason>" by closing with that code and reason; anything else is echoed.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

export interface LocalWsServer {
  readonly url: string;
  readonly log: string[];
  /** The Sec-WebSocket-Extensions each upgrade request offered. */
  readonly offers: Array<string | undefined>;
  /** How many WebSocket connections are open now. */
  connections(): number;
  close(): Promise<void>;
}

export async function startLocalWsServer(options: { compress?: boolean } = {}): Promise<LocalWsServer> {
  const http: Server = createServer((_request, response) => response.end("plain"));
  const wss = new WebSocketServer({ server: http, perMessageDeflate: options.compress ?? true });
  const log: string[] = [];
  const offers: Array<string | undefined> = [];
  wss.on("connection", (socket, request) => {
    offers.push(request.headers["sec-websocket-extensions"]);
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      const text = data.toString();
      log.push(isBinary ? `binary ${[...data]}` : `text ${text}`);
      if (!isBinary && text.startsWith("close ")) {
        const [, code, reason] = text.split(" ");
        socket.close(Number(code), reason);
      } else socket.send(data, { binary: isBinary });
    });
    socket.on("close", (code, reason) => log.push(`close ${code} ${reason.toString()}`));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    log,
    offers,
    connections: () => wss.clients.size,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
