import { describe, expect, it } from "vitest";
import {
  DurableObject,
  type DurableObjectState,
  evictDurableObject,
  isDurableObjectHibernated,
  Response,
  readyStateOf,
  runInDurableObject,
  settle,
  type WebSocket,
  WebSocketPair,
  WebSocketRequestResponsePair,
} from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "../../support/trace.js";
import { namespaceOf } from "../support.js";

// The Hibernation API through real namespaces and stubs: a client end from stub.fetch talks to a
// hibernatable server end; an eviction mid-conversation keeps tags, attachments and the
// auto-response (workerd-durable-objects-observed.md "Hibernation").

let constructed = 0;
const listedInClose: number[] = [];

class ChatRoom extends DurableObject {
  seen = 0;
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    constructed++;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }
  async fetch(request: Request): Promise<Response> {
    const user = new URL(request.url).searchParams.get("user") ?? "anon";
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, ["room", `user:${user}`]);
    server.serializeAttachment({ user });
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    this.seen++;
    const { user } = ws.deserializeAttachment() as { user: string };
    for (const peer of this.ctx.getWebSockets("room")) {
      peer.send(`${user}: ${String(message)} (seen ${this.seen})`);
    }
  }
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    listedInClose.push(this.ctx.getWebSockets().length);
    ws.close(code, reason);
  }
}

async function join(stub: { fetch(input: string, init?: RequestInit): Promise<Response> }, user: string) {
  const response = await stub.fetch(`https://chat.example/?user=${user}`, {
    headers: { Upgrade: "websocket" },
  });
  const ws = response.webSocket as WebSocket;
  const got: string[] = [];
  ws.addEventListener("message", (e) => got.push(String(e.data)));
  ws.accept();
  return { ws, got };
}

describe.each([OLD, NEW])("the Hibernation API through a namespace at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });

  it("keeps the conversation across an eviction: tags, attachments, auto-response", async () => {
    constructed = 0;
    const ns = namespaceOf(ChatRoom);
    const stub = ns.get(ns.idFromName("lobby"));
    const alice = await join(stub, "alice");
    const bob = await join(stub, "bob");
    alice.ws.send("hi");
    await settle();
    await evictDurableObject(stub);
    expect(isDurableObjectHibernated(stub)).toBe(true);
    expect(readyStateOf(alice.ws)).toBe(1);
    // The auto-response answers without constructing the object.
    bob.ws.send("ping");
    await settle();
    expect(constructed).toBe(1);
    expect(isDurableObjectHibernated(stub)).toBe(true);
    bob.ws.send("back");
    await settle();
    expect(constructed).toBe(2);
    expect(isDurableObjectHibernated(stub)).toBe(false);
    expect(alice.got).toEqual(["alice: hi (seen 1)", "bob: back (seen 1)"]);
    expect(bob.got).toEqual(["alice: hi (seen 1)", "pong", "bob: back (seen 1)"]);
    const tags = await runInDurableObject(stub, (_: ChatRoom, state) =>
      state.getWebSockets().map((ws) => state.getTags(ws)),
    );
    expect(tags).toEqual([
      ["room", "user:bob"],
      ["room", "user:alice"],
    ]);
  });

  it("closes as webSocketClose says, and the socket leaves getWebSockets()", async () => {
    const ns = namespaceOf(ChatRoom);
    const stub = ns.get(ns.idFromName("closing"));
    const carol = await join(stub, "carol");
    let closed = "";
    carol.ws.addEventListener("close", (e) => {
      closed = `${e.code} ${e.reason}`;
    });
    await evictDurableObject(stub);
    listedInClose.length = 0;
    carol.ws.close(4000, "leaving");
    await settle();
    expect(closed).toBe("4000 leaving");
    // Still listed while its webSocketClose runs, even on an instance constructed for it.
    expect(listedInClose).toEqual([1]);
    expect(await runInDurableObject(stub, (_: ChatRoom, state) => state.getWebSockets().length)).toBe(0);
  });

  it("does not answer a Close through stub.fetch either: the client stays CLOSING", async () => {
    const events: string[] = [];
    class Quiet extends DurableObject {
      async fetch(): Promise<Response> {
        const { 0: client, 1: server } = new WebSocketPair();
        this.ctx.acceptWebSocket(server);
        return new Response(null, { status: 101, webSocket: client });
      }
      webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean) {
        events.push(`webSocketClose ${code} ${reason} ${wasClean} rs=${ws.readyState}`);
      }
    }
    const ns = namespaceOf(Quiet);
    const stub = ns.get(ns.idFromName("quiet"));
    const response = await stub.fetch("https://x.example/", { headers: { Upgrade: "websocket" } });
    const ws = response.webSocket as WebSocket;
    ws.addEventListener("close", (e) => events.push(`client close ${e.code}`));
    ws.accept();
    ws.close(1000, "client done");
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle();
    expect(events).toEqual(["webSocketClose 1000 client done true rs=2"]);
    expect(readyStateOf(ws)).toBe(2);
  });

  it("reports a throwing handler as uncaught; the socket stays open", async () => {
    class Throwing extends DurableObject {
      async fetch(): Promise<Response> {
        const { 0: client, 1: server } = new WebSocketPair();
        this.ctx.acceptWebSocket(server);
        return new Response(null, { status: 101, webSocket: client });
      }
      async webSocketMessage(ws: WebSocket, message: string) {
        if (message === "boom") throw new Error("handler failed");
        ws.send(`ok ${message}`);
      }
    }
    const ns = namespaceOf(Throwing);
    const stub = ns.get(ns.idFromName("throwing"));
    const response = await stub.fetch("https://x.example/", { headers: { Upgrade: "websocket" } });
    const ws = response.webSocket as WebSocket;
    const got: string[] = [];
    ws.addEventListener("message", (e) => got.push(String(e.data)));
    ws.accept();
    ws.send("boom");
    ws.send("after");
    await settle();
    expect(env.uncaught.map(String)).toEqual(["Error: handler failed"]);
    expect(got).toEqual(["ok after"]);
    expect(readyStateOf(ws)).toBe(1);
  });

  it("has the DurableObjectState methods with workerd's checks", async () => {
    const ns = namespaceOf(ChatRoom);
    const stub = ns.get(ns.idFromName("checks"));
    const outcome = await runInDurableObject(stub, (_: ChatRoom, state) => {
      const ws = new WebSocketPair()[1];
      state.acceptWebSocket(ws);
      return {
        lengths: [state.acceptWebSocket.length, state.getWebSockets.length, state.getTags.length],
        twice: describeError(thrownBy(() => state.acceptWebSocket(ws))),
        accept: describeError(thrownBy(() => ws.accept())),
        timeout: state.getHibernatableWebSocketEventTimeout(),
        auto: state.getWebSocketAutoResponse()?.request,
      };
    });
    expect(outcome).toEqual({
      lengths: [0, 0, 0],
      twice: "Error: Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`",
      accept: "TypeError: Can't accept() WebSocket after enabling hibernation.",
      timeout: null,
      auto: "ping",
    });
  });

  it("an eviction cuts plain-accepted sockets off but leaves hibernatable ones connected", async () => {
    class Mixed extends DurableObject {
      async fetch(request: Request): Promise<Response> {
        const { 0: client, 1: server } = new WebSocketPair();
        if (new URL(request.url).pathname === "/plain") server.accept();
        else this.ctx.acceptWebSocket(server);
        return new Response(null, { status: 101, webSocket: client });
      }
    }
    const ns = namespaceOf(Mixed);
    const stub = ns.get(ns.idFromName("mixed"));
    const open = async (path: string) => {
      const response = await stub.fetch(`https://x.example${path}`, { headers: { Upgrade: "websocket" } });
      const ws = response.webSocket as WebSocket;
      ws.accept();
      return ws;
    };
    const plain = await open("/plain");
    const hibernatable = await open("/hibernatable");
    const closes: string[] = [];
    plain.addEventListener("close", (e) => closes.push(`plain ${e.code}`));
    hibernatable.addEventListener("close", (e) => closes.push(`hibernatable ${e.code}`));
    await evictDurableObject(stub);
    await settle();
    expect(closes).toEqual(["plain 1006"]);
    expect(readyStateOf(hibernatable)).toBe(1);
  });

  it("the event timeout cuts a handler off; the same instance handles the next message", async () => {
    let instances = 0;
    let resumed = false;
    class Slow extends DurableObject {
      constructor(ctx: DurableObjectState, env: unknown) {
        super(ctx, env);
        instances++;
        ctx.setHibernatableWebSocketEventTimeout(20);
      }
      async fetch(): Promise<Response> {
        const { 0: client, 1: server } = new WebSocketPair();
        this.ctx.acceptWebSocket(server);
        return new Response(null, { status: 101, webSocket: client });
      }
      async webSocketMessage(ws: WebSocket, message: string) {
        if (message === "slow") {
          await new Promise((resolve) => setTimeout(resolve, 80));
          resumed = true;
          ws.send("late");
          return;
        }
        ws.send(`reply ${message}`);
      }
    }
    const restore = env.runtime.install(globalThis);
    const ns = namespaceOf(Slow);
    const stub = ns.get(ns.idFromName("slow"));
    const response = await stub.fetch("https://x.example/", { headers: { Upgrade: "websocket" } });
    const ws = response.webSocket as WebSocket;
    const got: string[] = [];
    ws.addEventListener("message", (e) => got.push(String(e.data)));
    ws.accept();
    ws.send("slow");
    await new Promise((resolve) => setTimeout(resolve, 150));
    ws.send("fast");
    await settle();
    restore();
    expect(got).toEqual(["reply fast"]);
    expect(resumed).toBe(false);
    expect(instances).toBe(1);
    expect(readyStateOf(ws)).toBe(1);
  });
});
