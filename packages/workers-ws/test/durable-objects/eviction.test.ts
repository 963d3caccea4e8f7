import { describe, expect, it } from "vitest";
import {
  DurableObject,
  type DurableObjectState,
  evictDurableObject,
  isDurableObjectHibernated,
  Response,
  runInDurableObject,
  settle,
  type WebSocket,
  WebSocketPair,
} from "workers-ws";
import { NEW, OLD, Trace, useRuntime } from "../support/trace.js";
import { namespaceOf } from "./support.js";

// Eviction (evictDurableObject): the instance is dropped and its IoContext cut off, as workerd
// drops an object; the next request constructs a fresh one over the same storage. What a
// plain-accepted socket's client sees was recorded in workerd 2026-11-17 by resetting the object
// with ctx.abort(), which cuts the IoContext off the same way.

let constructed = 0;

class Chat extends DurableObject {
  memory = 0;
  server: WebSocket | undefined;
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    constructed++;
  }
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/ws") {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      server.addEventListener("message", (event) => server.send(`echo ${String(event.data)}`));
      this.server = server;
      return new Response(null, { status: 101, webSocket: client });
    }
    return new Response(`memory=${++this.memory}`);
  }
  async remember(value: string) {
    await this.ctx.storage.put("value", value);
    this.memory = 42;
  }
  async recall() {
    return { stored: await this.ctx.storage.get("value"), memory: this.memory };
  }
  abortMe() {
    this.ctx.abort("bye");
  }
}

async function connect(stub: { fetch(input: string, init?: RequestInit): Promise<Response> }) {
  const response = await stub.fetch("https://chat.example/ws", { headers: { Upgrade: "websocket" } });
  const ws = response.webSocket as WebSocket;
  const trace = new Trace();
  trace.tap("c", ws);
  ws.accept();
  return { ws, trace };
}

describe.each([OLD, NEW])("eviction at %s", (date) => {
  useRuntime({ compatibilityDate: date, compatibilityFlags: date === OLD ? ["rpc"] : [] });

  it("drops the instance: the next call constructs a fresh one, fields gone, storage kept", async () => {
    const ns = namespaceOf(Chat);
    const stub = ns.getByName("room");
    constructed = 0;
    expect(isDurableObjectHibernated(stub)).toBe(false);
    await stub.remember("kept");
    expect(await stub.recall()).toEqual({ stored: "kept", memory: 42 });
    await evictDurableObject(stub);
    expect(isDurableObjectHibernated(stub)).toBe(true);
    expect(await stub.recall()).toEqual({ stored: "kept", memory: 0 });
    expect(constructed).toBe(2);
    expect(isDurableObjectHibernated(stub)).toBe(false);
    // Another stub of the same id reaches the same fresh instance.
    expect(await (await ns.getByName("room").fetch("https://chat.example/")).text()).toBe("memory=1");
  });

  it("gives the next instance a new IoContext: the old one's sockets cannot be used from it", async () => {
    const stub = namespaceOf(Chat).getByName("room");
    await connect(stub);
    const old = await runInDurableObject(stub, (instance: Chat) => instance.server as WebSocket);
    await evictDurableObject(stub);
    const error = await runInDurableObject(stub, () => {
      try {
        old.send("x");
        return "sent";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(error).toMatch(/^Cannot perform I\/O on behalf of a different request/);
  });

  it("disconnects a plain-accepted socket: the client sees what workerd's client sees on a reset", async () => {
    const stub = namespaceOf(Chat).getByName("room");
    const { ws, trace } = await connect(stub);
    ws.send("one");
    await settle();
    await evictDurableObject(stub);
    await settle();
    trace.log(`rs after eviction ${ws.readyState}`);
    ws.send("two");
    await settle();
    expect(trace.lines).toEqual([
      "c:message echo one rs=1",
      "c:close 1006 WebSocket disconnected without sending Close frame. false rs=1",
      "rs after eviction 2",
    ]);
  });

  it("treats ctx.abort() the same way for the object's sockets", async () => {
    const stub = namespaceOf(Chat).getByName("room");
    const { ws, trace } = await connect(stub);
    await stub.abortMe().catch(() => {});
    await settle();
    trace.log(`rs after abort ${ws.readyState}`);
    expect(trace.lines).toEqual([
      "c:close 1006 WebSocket disconnected without sending Close frame. false rs=1",
      "rs after abort 2",
    ]);
  });

  it("evicting an object with no instance does nothing", async () => {
    const stub = namespaceOf(Chat).getByName("never");
    await evictDurableObject(stub);
    expect(isDurableObjectHibernated(stub)).toBe(false);
  });
});
