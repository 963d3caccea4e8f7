import { afterEach, describe, expect, it } from "vitest";
import {
  currentFileRuntime,
  type FetchEvent,
  type ServedWorker,
  serve,
  serviceWorker,
  settle,
} from "vitest-environment-workers-ws";
import echoWorker from "../../fixtures/echo-worker/worker.js";
import { CLIENTS, wsClient } from "./clients.js";

// End to end over 127.0.0.1: real clients (ws and undici) against Workers served by serve().

const servers: ServedWorker[] = [];
async function served(worker: Parameters<typeof serve>[0], env?: unknown): Promise<ServedWorker> {
  const server = await serve(worker, env === undefined ? {} : { env });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Logs what the Worker's end sees, and closes from the server side on "close <code> <reason>". */
function loggingWorker(log: string[]) {
  return {
    async fetch(request: Request): Promise<Response> {
      const [client, server] = new WebSocketPair();
      server.binaryType = "arraybuffer";
      server.accept();
      server.addEventListener("message", (event) => {
        const data = event.data as string | ArrayBuffer;
        log.push(typeof data === "string" ? `text ${data}` : `binary ${[...new Uint8Array(data)]}`);
        if (typeof data === "string" && data.startsWith("close ")) {
          const [, code, reason] = data.split(" ");
          server.close(Number(code), reason);
        }
      });
      server.addEventListener("close", (event) =>
        log.push(`close ${event.code} ${event.reason} ${event.wasClean}`),
      );
      server.addEventListener("error", (event) => log.push(`error ${event.message}`));
      const protocol = request.headers.get("sec-websocket-protocol")?.split(",")[0]?.trim();
      return new Response(null, {
        status: 101,
        webSocket: client,
        headers: protocol ? { "sec-websocket-protocol": protocol } : {},
      } as ResponseInit);
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await settle();
}

describe.each(Object.keys(CLIENTS) as Array<keyof typeof CLIENTS>)("serve() with a %s client", (kind) => {
  const connect = CLIENTS[kind];

  it("echoes text and binary through the echo fixture", async () => {
    const { url } = await served(echoWorker);
    const client = connect(url);
    await client.opened;
    client.send("hello");
    client.send(new Uint8Array([1, 2, 255]));
    expect(await client.messages(2)).toEqual(["echo: hello", { binary: [1, 2, 255] }]);
    client.close(1000, "done");
    expect(await client.closed).toEqual({ code: 1000, reason: "done" });
  });

  it("carries the client's close code and reason to the Worker, and the Worker's answer back", async () => {
    const log: string[] = [];
    const { url } = await served(loggingWorker(log));
    const client = connect(url);
    await client.opened;
    client.send(new Uint8Array([7, 8]));
    await until(() => log.length === 1, "the binary message");
    client.close(4000, "client bye");
    // workerd since 2026-04-07: the Worker's end answers with the same code and reason.
    expect(await client.closed).toEqual({ code: 4000, reason: "client bye" });
    await until(() => log.length >= 2, "the Worker's close event");
    expect(log.slice(0, 2)).toEqual(["binary 7,8", "close 4000 client bye true"]);
  });

  it("carries the Worker's close code and reason to the client", async () => {
    const log: string[] = [];
    const { url } = await served(loggingWorker(log));
    const client = connect(url);
    await client.opened;
    client.send("close 4001 server-bye");
    expect(await client.closed).toEqual({ code: 4001, reason: "server-bye" });
    await until(() => log.length >= 2, "the Worker's close event");
    // The Worker's close event carries the client's answer: ws repeats code and reason, undici
    // (like browsers) repeats the code only.
    const answer = kind === "ws" ? "close 4001 server-bye true" : "close 4001  true";
    expect(log.slice(0, 2)).toEqual(["text close 4001 server-bye", answer]);
  });

  it("hands the client the protocol the Worker chose", async () => {
    const { url } = await served(loggingWorker([]));
    const client = connect(url, ["chat", "superchat"]);
    expect((await client.opened).protocol).toBe("chat");
    client.close(1000);
    await client.closed;
  });
});

describe("serve()", () => {
  it("flushes messages the Worker sent before returning its end, in order", async () => {
    const { url } = await served({
      fetch() {
        const [client, server] = new WebSocketPair();
        server.accept();
        for (let i = 0; i < 50; i++) server.send(`m${i}`);
        server.send(new Uint8Array([42]));
        return new Response(null, { status: 101, webSocket: client } as ResponseInit);
      },
    });
    const client = wsClient(url);
    const expected = [...Array.from({ length: 50 }, (_, i) => `m${i}`), { binary: [42] }];
    expect(await client.messages(51)).toEqual(expected);
    client.close(1000);
    await client.closed;
  });

  it("passes upgrade request headers to the Worker and its response headers to the client", async () => {
    let seen: Record<string, string | null> = {};
    const { url } = await served({
      fetch(request: Request) {
        seen = {
          upgrade: request.headers.get("upgrade"),
          custom: request.headers.get("x-custom"),
          url: new URL(request.url).pathname + new URL(request.url).search,
        };
        const [client, server] = new WebSocketPair();
        server.accept();
        return new Response(null, {
          status: 101,
          webSocket: client,
          headers: { "x-answer": "yes" },
        } as ResponseInit);
      },
    });
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(`${url.replace("http", "ws")}/room/1?user=a`, {
      headers: { "x-custom": "42" },
    });
    const answer = await new Promise<string | undefined>((resolve) =>
      socket.once("upgrade", (response) => resolve(response.headers["x-answer"] as string | undefined)),
    );
    expect(answer).toBe("yes");
    expect(seen).toEqual({ upgrade: "websocket", custom: "42", url: "/room/1?user=a" });
    socket.terminate();
  });

  it("writes any other answer to an upgrade as HTTP, refusing the upgrade", async () => {
    const { url } = await served({
      fetch: () => new Response("no room", { status: 403, headers: { "x-why": "full" } }),
    });
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(url.replace("http", "ws"));
    socket.on("error", () => undefined);
    const refusal = await new Promise<{ status: number | undefined; why: unknown; body: string }>(
      (resolve) => {
        socket.once("unexpected-response", (_request, response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode, why: response.headers["x-why"], body }),
          );
        });
      },
    );
    expect(refusal).toEqual({ status: 403, why: "full", body: "no room" });
  });

  it("answers plain requests as HTTP, with status, headers and body", async () => {
    const { url } = await served(
      {
        async fetch(request: Request, env: { GREETING: string }) {
          const body = request.method === "POST" ? await request.text() : "";
          return new Response(`${env.GREETING} ${request.method} ${body}`, {
            status: 201,
            headers: { "x-worker": "yes" },
          });
        },
      },
      { GREETING: "hi" },
    );
    const response = await fetch(`${url}/path`, { method: "POST", body: "payload" });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-worker")).toBe("yes");
    expect(await response.text()).toBe("hi POST payload");
  });

  it("answers 500 when the Worker throws, and reports the exception", async () => {
    const runtime = currentFileRuntime()?.runtime;
    const reported: unknown[] = [];
    runtime?.onUncaughtError((error) => reported.push(error));
    const { url } = await served({
      fetch() {
        throw new Error("boom");
      },
    });
    const response = await fetch(url);
    // workerd's answer (conformance network/workerThrows): this body, its length, no content type.
    expect(response.status).toBe(500);
    expect(response.statusText).toBe("Internal Server Error");
    expect(response.headers.get("content-length")).toBe("21");
    expect(response.headers.get("content-type")).toBeNull();
    expect(await response.text()).toBe("Internal Server Error");
    expect(reported).toEqual([new Error("boom")]);
  });

  it("answers an upgrade request to a Worker that throws with the same 500", async () => {
    currentFileRuntime()?.runtime.onUncaughtError(() => {});
    const { url } = await served({
      fetch() {
        throw new Error("boom");
      },
    });
    const { WebSocket: WsClient } = await import("ws");
    const client = new WsClient(url.replace("http", "ws"));
    const refused = await new Promise<string>((resolve) => {
      client.on("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve(`${response.statusCode} ${body}`));
      });
      client.on("error", () => {});
    });
    client.terminate();
    expect(refused).toBe("500 Internal Server Error");
  });

  it("serves a service-worker syntax Worker, upgrade included", async () => {
    const { url } = await served(
      serviceWorker(() => {
        const scope = globalThis as unknown as {
          addEventListener(type: string, listener: (event: FetchEvent) => void): void;
        };
        scope.addEventListener("fetch", (event) => {
          if (event.request.headers.get("upgrade") !== "websocket") {
            event.respondWith(new Response("plain from a service worker"));
            return;
          }
          const [client, server] = new WebSocketPair();
          server.accept();
          server.addEventListener("message", (message) => server.send(`sw echo ${String(message.data)}`));
          event.respondWith(new Response(null, { status: 101, webSocket: client } as ResponseInit));
        });
      }),
    );
    expect(await (await fetch(url)).text()).toBe("plain from a service worker");
    const { WebSocket: WsClient } = await import("ws");
    const client = new WsClient(url.replace("http", "ws"));
    const echoed = await new Promise<string>((resolve, reject) => {
      client.on("open", () => client.send("hi"));
      client.on("message", (data) => resolve(data.toString()));
      client.on("error", reject);
    });
    client.close(1000);
    expect(echoed).toBe("sw echo hi");
  });

  it("refuses bad options with an error naming them", async () => {
    await expect(serve(echoWorker, { port: -1 })).rejects.toThrow(
      'serve() option "port" must be a whole number from 0 to 65535, got -1.',
    );
    await expect(serve(echoWorker, { prot: 80 } as never)).rejects.toThrow(
      'Unknown serve() option "prot". Valid options: port, hostname, env.',
    );
  });
});
