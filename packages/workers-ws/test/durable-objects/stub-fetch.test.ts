import { describe, expect, it } from "vitest";
import { DurableObject, Response, settle, type WebSocket, WebSocketPair } from "workers-ws";
import { NEW, OLD, Trace, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// stub.fetch(): a request boundary as in workerd (observed 2026-11-17): the request runs in the
// object's own IoContext, a returned WebSocket reaches the caller as a coupled end, and a thrown
// error comes back marked `remote` (without durableObjectId).

class Room extends DurableObject {
  n = 0;
  kept: WebSocket | undefined;
  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/ws") {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      server.addEventListener("message", (event) => server.send(`echo ${String(event.data)}`));
      this.kept = server;
      return new Response(null, { status: 101, webSocket: client });
    }
    if (path === "/send") {
      // A later request to the same object may use the socket an earlier one made.
      this.kept?.send("from a later request");
      return new Response("sent");
    }
    if (path === "/throw") throw new TypeError("fetch threw");
    return new Response(`n=${++this.n} ${request.method} ${await request.text()}`);
  }
}

class NoFetch extends DurableObject {}

describe.each([OLD, NEW])("stub.fetch() at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("hands the request to the object's fetch and returns its Response", async () => {
    const stub = namespaceOf(Room).getByName("r");
    const first = await stub.fetch("https://room.example/", { method: "POST", body: "hello" });
    expect(await first.text()).toBe("n=1 POST hello");
    expect(await (await stub.fetch(new Request("https://room.example/"))).text()).toBe("n=2 GET ");
  });

  it("returns a WebSocket as the caller's coupled end, in the object's IoContext", async () => {
    const stub = namespaceOf(Room).getByName("r");
    const response = await stub.fetch("https://room.example/ws", { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const ws = response.webSocket as WebSocket;
    const trace = new Trace();
    trace.tap("c", ws);
    ws.accept();
    ws.send("one");
    await settle();
    expect(await (await stub.fetch("https://room.example/send")).text()).toBe("sent");
    await settle();
    expect(trace.lines).toEqual(["c:message echo one rs=1", "c:message from a later request rs=1"]);
  });

  it("rejects with the object's error, marked remote", async () => {
    const stub = namespaceOf(Room).getByName("r");
    const error = (await stub.fetch("https://room.example/throw").catch((e) => e)) as TypeError & {
      remote?: boolean;
    };
    expect([error.constructor.name, error.message, Object.keys(error), error.remote]).toEqual([
      "TypeError",
      "fetch threw",
      ["remote"],
      true,
    ]);
    // The object is still there.
    expect(await (await stub.fetch("https://room.example/")).text()).toBe("n=1 GET ");
  });

  it("rejects as workerd does for a class without fetch() and a call without a request", async () => {
    const stub = namespaceOf(NoFetch).getByName("x");
    expect(await failure(() => stub.fetch("https://x.example/"))).toBe(
      "Error: Handler does not export a fetch() function.",
    );
    expect(await failure(() => (stub.fetch as () => unknown)())).toBe(
      "TypeError: Failed to execute 'fetch' on 'Fetcher': parameter 1 is not of type 'Request or string'.",
    );
  });
});
