// TypeScript on purpose: the environment imports it through Vite on the first request.
import { greeting } from "./greeting.js";

interface Env {
  VERSION: string;
}

export default {
  fetch(request: Request): Response {
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response(greeting(new URL(request.url).pathname.slice(1)));
    }
    const [client, server] = new WebSocketPair();
    server.accept();
    server.addEventListener("message", (event) => server.send(greeting(String(event.data))));
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  },
};

export class Api {
  constructor(
    readonly ctx: unknown,
    readonly env: Env,
  ) {}

  fetch(request: Request): Response {
    return Response.json({ version: this.env.VERSION, path: new URL(request.url).pathname });
  }
}
