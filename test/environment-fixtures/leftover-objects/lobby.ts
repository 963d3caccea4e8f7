import { DurableObject } from "vitest-environment-workers-ws";

export class Lobby extends DurableObject {
  fetch(): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }
}
