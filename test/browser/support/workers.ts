import type { WebSocket as WorkersWebSocket } from "vitest-environment-workers-ws";

/**
 * Small Workers for the browser-page tests: what each answers is what the tests assert on.
 */

/** What the Worker saw of each upgrade request. */
export interface SeenHandshake {
  url: string;
  origin: string | null;
  cookie: string | null;
  protocol: string | null;
  userAgent: string | null;
}

/**
 * Echoes text as "echo: <text>" and binary as the same bytes; "close <code> <reason>" makes it
 * close. Accepts the first offered subprotocol unless `protocol` says which to answer.
 */
export function echoWorker(
  options: { seen?: SeenHandshake[]; protocol?: string; ends?: WorkersWebSocket[] } = {},
) {
  return {
    fetch(request: Request): Response {
      options.seen?.push({
        url: request.url,
        origin: request.headers.get("Origin"),
        cookie: request.headers.get("Cookie"),
        protocol: request.headers.get("Sec-WebSocket-Protocol"),
        userAgent: request.headers.get("User-Agent"),
      });
      if (request.headers.get("Upgrade") !== "websocket") return new Response("no upgrade", { status: 426 });
      const [client, server] = new WebSocketPair();
      server.accept();
      // Binary messages come back as bytes (the Workers default at 2026-11-01 is Blob).
      server.binaryType = "arraybuffer";
      options.ends?.push(server);
      server.addEventListener("message", (event) => {
        const data = event.data;
        if (typeof data !== "string") server.send(data as ArrayBuffer);
        else if (data.startsWith("close ")) {
          const [, code, ...reason] = data.split(" ");
          server.close(Number(code), reason.join(" "));
        } else server.send(`echo: ${data}`);
      });
      const offered = request.headers.get("Sec-WebSocket-Protocol")?.split(",")[0]?.trim();
      const protocol = options.protocol ?? offered;
      const headers = protocol ? { "Sec-WebSocket-Protocol": protocol } : undefined;
      return new Response(null, { status: 101, webSocket: client, headers } as ResponseInit);
    },
  };
}
