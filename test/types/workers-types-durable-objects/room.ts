/**
 * A Durable Object typed the Cloudflare way: DurableObject from workers-types' `cloudflare:workers`,
 * its state and sockets typed by workers-types. Compiled by test/docs/user-types.test.ts.
 */
import { DurableObject } from "cloudflare:workers";

export interface Env {
  ROOMS: DurableObjectNamespace<Room>;
}

export class Room extends DurableObject<Env> {
  async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, ["member"]);
    return new Response(null, { status: 101, webSocket: client });
  }

  async members(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }
}
