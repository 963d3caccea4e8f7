import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import relayWorker from "../../fixtures/relay-worker/worker.js";
import { wsClient } from "./clients.js";
import { type LocalWsServer, startLocalWsServer } from "./local-ws-server.js";

// A Worker as a client of real servers: new WebSocket(url) to URLs no route answers goes over the
// network with ws, as far as the "network" option allows (default: loopback only).

const stops: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((item) => item.close()));
});
async function upstream(options?: { compress?: boolean }): Promise<LocalWsServer> {
  const server = await startLocalWsServer(options);
  stops.push(server);
  return server;
}
async function served(worker: Parameters<typeof serve>[0], env?: unknown): Promise<ServedWorker> {
  const server = await serve(worker, env === undefined ? {} : { env });
  stops.push(server);
  return server;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await settle();
}

/** What a `new WebSocket(url)` made in the test sees, as lines. */
function record(ws: InstanceType<typeof WebSocket>): string[] {
  const seen: string[] = [];
  ws.binaryType = "arraybuffer";
  ws.addEventListener("open", () => seen.push(`open ${ws.protocol} ${ws.extensions}`));
  ws.addEventListener("message", (event) => {
    const data = event.data as string | ArrayBuffer;
    seen.push(typeof data === "string" ? `text ${data}` : `binary ${[...new Uint8Array(data)]}`);
  });
  ws.addEventListener("close", (event) => seen.push(`close ${event.code} ${event.reason} ${event.wasClean}`));
  ws.addEventListener("error", (event) =>
    seen.push(`error ${(event as unknown as { message: string }).message}`),
  );
  return seen;
}

describe("new WebSocket(url) to a real server", () => {
  it("opens, sends text and binary both ways, and carries the server's close code", async () => {
    const server = await upstream();
    const ws = new WebSocket(server.url);
    const seen = record(ws);
    await until(() => seen.length === 1, "open");
    ws.send("hi");
    ws.send(new Uint8Array([5, 6]));
    await until(() => seen.length === 3, "the echoes");
    ws.send("close 4002 upstream-bye");
    await until(() => seen.some((line) => line.startsWith("close")), "the close");
    expect(seen.slice(0, 4)).toEqual([
      "open null permessage-deflate",
      "text hi",
      "binary 5,6",
      "close 4002 upstream-bye true",
    ]);
    await until(() => server.log.length === 4, "the server's close");
    expect(server.log).toEqual([
      "text hi",
      "binary 5,6",
      "text close 4002 upstream-bye",
      "close 4002 upstream-bye",
    ]);
  });

  it("carries the Worker's close code and reason to the server", async () => {
    const server = await upstream();
    const ws = new WebSocket(server.url);
    const seen = record(ws);
    await until(() => seen.length === 1, "open");
    ws.close(4003, "worker-bye");
    await until(() => seen.some((line) => line.startsWith("close")), "the close");
    expect(seen[1]).toBe("close 4003 worker-bye true");
    await until(() => server.log.length === 1, "the server's close");
    expect(server.log).toEqual(["close 4003 worker-bye"]);
  });

  it("gets workerd's error and close 1006 when the server answers without switching protocols", async () => {
    const refused = await served({ fetch: () => new Response("nope", { status: 200 }) });
    const attempt = new WebSocket(refused.url.replace("http", "ws"));
    const seen = record(attempt);
    await until(() => seen.length === 2, "error and close");
    expect(seen).toEqual([
      "error Uncaught TypeError: Failed to establish the WebSocket connection: expected server to reply with HTTP status code 101 (switching protocols), but received 200 instead.",
      "close 1006 Failed to establish websocket connection false",
    ]);
  });

  it("gets Network connection lost and close 1006 when nothing listens", async () => {
    const server = await upstream();
    const url = server.url;
    await server.close();
    const ws = new WebSocket(url);
    const seen = record(ws);
    await until(() => seen.length === 2, "error and close");
    expect(seen).toEqual([
      "error Uncaught Error: Network connection lost.",
      "close 1006 Failed to establish websocket connection false",
    ]);
  });

  it("is refused beyond loopback by default, with an error naming the network option", async () => {
    const ws = new WebSocket("ws://example.com/");
    const seen = record(ws);
    await until(() => seen.length === 2, "error and close");
    expect(seen[0]).toContain('the "network" option is "loopback", which does not reach example.com');
    expect(seen[1]).toBe("close 1006 Failed to establish websocket connection false");
  });
});

describe("the relay fixture: a served Worker connecting out to a local ws server", () => {
  it("relays text and binary both ways, and each side's close code", async () => {
    const server = await upstream();
    const { url } = await served(relayWorker, { UPSTREAM_URL: server.url });
    const client = wsClient(url);
    await client.opened;
    client.send("through");
    client.send(new Uint8Array([1, 2, 3]));
    expect(await client.messages(2)).toEqual(["through", { binary: [1, 2, 3] }]);
    client.send("close 4005 from-upstream");
    expect(await client.closed).toEqual({ code: 4005, reason: "from-upstream" });
    expect(server.log.slice(0, 3)).toEqual(["text through", "binary 1,2,3", "text close 4005 from-upstream"]);
  });

  it("passes the client's close on to the upstream server", async () => {
    const server = await upstream();
    const { url } = await served(relayWorker, { UPSTREAM_URL: server.url });
    const client = wsClient(url);
    await client.opened;
    client.send("hello");
    await client.messages(1);
    client.close(4006, "client-leaves");
    expect(await client.closed).toEqual({ code: 4006, reason: "client-leaves" });
    await until(() => server.log.includes("close 4006 client-leaves"), "the upstream close");
  });
});
