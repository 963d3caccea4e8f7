import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import { startLocalWsServer } from "./local-ws-server.js";
import { clientClose, clientFrame, openRaw } from "./raw-connection.js";

// When the end that answered a close handshake over a real connection gets workerd's
// "Network connection lost." error (test/conformance/network clientClosesFirst and
// workerOutboundLeaves record the same in workerd at 2024-01-01 and 2026-11-01).

const stops: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((item) => item.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Serves a Worker whose end greets once and records its events with readyState. */
async function servedRecorder(log: string[]): Promise<ServedWorker> {
  const served = await serve({
    fetch() {
      const [client, end] = new WebSocketPair();
      end.accept();
      end.send("hello");
      end.addEventListener("message", (event) => end.send(`echo ${event.data}`));
      end.addEventListener("close", (event) =>
        log.push(`close ${event.code} ${event.reason} ${event.wasClean} rs=${end.readyState}`),
      );
      end.addEventListener("error", (event) => log.push(`error ${event.message} rs=${end.readyState}`));
      return new Response(null, { status: 101, webSocket: client } as ResponseInit);
    },
  });
  stops.push(served);
  return served;
}

describe("a served Worker's end answering the client's Close", () => {
  it("gets no error when the Close is the client's first frame (kj keeps pumping after it)", async () => {
    const log: string[] = [];
    const served = await servedRecorder(log);
    const client = await openRaw(served.url);
    await client.frames(1);
    client.socket.write(clientClose(4000, "bye"));
    await client.frames(2); // the answer
    await sleep(200);
    await settle();
    expect(log).toEqual(["close 4000 bye true rs=3"]);
    client.socket.destroy();
  });

  it("gets no error when that client drops the connection right after its Close", async () => {
    const log: string[] = [];
    const served = await servedRecorder(log);
    const client = await openRaw(served.url);
    await client.frames(1);
    client.socket.write(clientClose(4000, "bye"));
    client.socket.destroy();
    await sleep(200);
    await settle();
    expect(log).toEqual(["close 4000 bye true rs=3"]);
  });

  it("gets Network connection lost. after the close once a message came first", async () => {
    const log: string[] = [];
    const served = await servedRecorder(log);
    const client = await openRaw(served.url);
    await client.frames(1);
    client.socket.write(clientFrame(1, Buffer.from("hi")));
    await client.frames(2);
    client.socket.write(clientClose(4000, "bye"));
    await client.frames(3);
    await sleep(200);
    await settle();
    expect(log).toEqual(["close 4000 bye true rs=3", "error Uncaught Error: Network connection lost. rs=3"]);
    client.socket.destroy();
  });
});

describe("new WebSocket(url) closed while connecting to a real server", () => {
  it("stops the attempt: the server never sees the upgrade; error, then close 1006", async () => {
    const server = await startLocalWsServer();
    stops.push(server);
    const ws = new WebSocket(server.url);
    const seen: string[] = [];
    ws.addEventListener("open", () => seen.push("open"));
    ws.addEventListener("error", (event) => seen.push(`error ${event.message} rs=${ws.readyState}`));
    ws.addEventListener("close", (event) =>
      seen.push(`close ${event.code} ${event.reason} ${event.wasClean} rs=${ws.readyState}`),
    );
    ws.close(4006, "while-connecting");
    await sleep(200);
    await settle();
    expect(seen).toEqual([
      "error Uncaught Error: Network connection lost. rs=3",
      "close 1006 Failed to establish websocket connection false rs=3",
    ]);
    expect(server.offers).toEqual([]);
  });
});
