/**
 * Real WebSocket clients for the network tests, ws's and undici's, behind one small shape: what
 * the client received, in order, and how it closed.
 */
import { WebSocket as UndiciWebSocket } from "undici";
import { WebSocket as WsWebSocket } from "ws";

export type Received = string | { binary: number[] };

export interface TestClient {
  readonly kind: "ws" | "undici";
  readonly received: Received[];
  /** Resolves with the handshake's answer (protocol, extensions) once open. */
  readonly opened: Promise<{ protocol: string; extensions: string }>;
  readonly closed: Promise<{ code: number; reason: string }>;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Resolves once `count` messages have arrived. */
  messages(count: number): Promise<Received[]>;
}

function waiter(received: Received[]) {
  return (count: number) =>
    new Promise<Received[]>((resolve, reject) => {
      const deadline = Date.now() + 5000;
      const check = () => {
        if (received.length >= count) resolve(received.slice(0, count));
        else if (Date.now() > deadline)
          reject(new Error(`only ${received.length} of ${count} messages arrived`));
        else setTimeout(check, 2);
      };
      check();
    });
}

export function wsClient(
  url: string,
  protocols: string[] = [],
  options: { compress?: boolean } = {},
): TestClient {
  const socket = new WsWebSocket(url.replace(/^http/, "ws"), protocols, {
    perMessageDeflate: options.compress ?? true,
  });
  const received: Received[] = [];
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    received.push(isBinary ? { binary: [...data] } : data.toString());
  });
  socket.on("error", () => undefined);
  return {
    kind: "ws",
    received,
    opened: new Promise((resolve, reject) => {
      socket.once("open", () => resolve({ protocol: socket.protocol, extensions: socket.extensions }));
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`refused with ${response.statusCode}`)),
      );
    }),
    closed: new Promise((resolve) => {
      socket.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }));
    }),
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    messages: waiter(received),
  };
}

export function undiciClient(url: string, protocols: string[] = []): TestClient {
  const socket = new UndiciWebSocket(url.replace(/^http/, "ws"), protocols);
  socket.binaryType = "arraybuffer";
  const received: Received[] = [];
  socket.addEventListener("message", (event) => {
    const data = event.data as string | ArrayBuffer;
    received.push(typeof data === "string" ? data : { binary: [...new Uint8Array(data)] });
  });
  return {
    kind: "undici",
    received,
    opened: new Promise((resolve, reject) => {
      socket.addEventListener("open", () =>
        resolve({ protocol: socket.protocol, extensions: socket.extensions }),
      );
      socket.addEventListener("error", () => reject(new Error("undici WebSocket failed to open")));
    }),
    closed: new Promise((resolve) => {
      socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
    }),
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    messages: waiter(received),
  };
}

export const CLIENTS = { ws: wsClient, undici: undiciClient } as const;
