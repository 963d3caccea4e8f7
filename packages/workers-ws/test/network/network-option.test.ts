import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
// Internals from src, all from one module graph.
import { createNetworkLayer } from "../../src/network/network-layer.js";
import { networkAllows } from "../../src/network/network-policy.js";
import { outboundFetch } from "../../src/outbound/outbound-layers.js";
import type { Response as WorkersResponse } from "../../src/response/response.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { settle } from "../../src/scheduler/settle.js";
import type { WebSocket as WorkersWebSocket } from "../../src/websocket/websocket.js";

// The "network" option and the network outbound layer, driven directly (the global fetch of a
// Worker reaches outboundFetch the same way).

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function localServer(): Promise<string> {
  const http: Server = createServer((request, response) => {
    if (request.url === "/plain") response.end(`plain ${request.headers["x-test"]}`);
    else response.writeHead(426, { "x-why": "upgrade only" }).end("use a websocket");
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on("upgrade", (request, socket, head) => {
    if (request.url === "/refuse") {
      socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.send(`hello ${request.headers["x-room"]} ${request.headers["sec-websocket-protocol"]}`);
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

describe("the network option", () => {
  it.each([
    ["loopback", "http://127.0.0.1:1/", true],
    ["loopback", "http://127.5.6.7/", true],
    ["loopback", "http://localhost:8080/", true],
    ["loopback", "http://api.localhost/", true],
    ["loopback", "http://[::1]:80/", true],
    ["loopback", "http://example.com/", false],
    ["loopback", "http://10.0.0.1/", false],
    ["none", "http://127.0.0.1/", false],
    ["all", "http://example.com/", true],
  ] as const)("%s allows %s: %s", (option, url, allowed) => {
    expect(networkAllows(option, new URL(url))).toBe(allowed);
  });

  it("takes a list of host names, wildcards and the loopback keyword", () => {
    const option = ["api.example.com", "*.test.dev", "loopback"];
    expect(networkAllows(option, new URL("https://api.example.com/x"))).toBe(true);
    expect(networkAllows(option, new URL("https://a.b.test.dev/"))).toBe(true);
    expect(networkAllows(option, new URL("http://127.0.0.1/"))).toBe(true);
    expect(networkAllows(option, new URL("https://example.com/"))).toBe(false);
  });

  it("rejects a bad value with an error naming the option and its forms", () => {
    expect(() => createRuntime({ network: "sometimes" as never })).toThrow(
      'workers-ws option "network" must be "loopback" (the default), "none", "all" or a list of host names such as ["api.example.com", "*.example.com", "loopback"]; got the string "sometimes".',
    );
  });

  it.each([
    [
      ["*"],
      'the entry "*" is not a pattern the list knows: to allow every host, set "network" to "all" (not a list)',
    ],
    [["all"], 'the entry "all" is an option value, not a host: set "network" to "all" (not a list)'],
    [
      ["https://api.example.com"],
      'the entry "https://api.example.com" is a URL; the list holds host names: "api.example.com"',
    ],
    [
      ["api.example.com", "localhost:8787"],
      'the entry "localhost:8787" has a port; the list matches host names on every port: "localhost"',
    ],
    [["[::1]:9000"], 'the entry "[::1]:9000" has a port; the list matches host names on every port: "[::1]"'],
    [[""], 'the entry "" is empty: list host names'],
    [
      ["api.example.com/v1"],
      'the entry "api.example.com/v1" is not a host name: did you mean "api.example.com"?',
    ],
    [["api.*.com"], 'the entry "api.*.com" has a "*" that is not a leading "*." (e.g. "*.example.com")'],
    [[42], "the entry 42 is not a string"],
  ])("refuses the list %j, naming the entry and what was meant", (network, problem) => {
    expect(() => createRuntime({ network: network as never })).toThrow(
      `workers-ws option "network": ${problem}.`,
    );
  });

  it('"none" refuses even loopback, naming the option', async () => {
    const runtime = createRuntime({ network: "none" });
    await expect(outboundFetch(runtime.context, new Request("http://127.0.0.1:1/"))).rejects.toThrow(
      'the "network" option is "none", which does not reach 127.0.0.1',
    );
  });

  it('"none" makes new WebSocket(url) fail with the error, then close 1006', async () => {
    const runtime = createRuntime({ network: "none" });
    const restore = runtime.install();
    try {
      const ws = new WebSocket("ws://127.0.0.1:1/");
      const seen: string[] = [];
      ws.addEventListener("error", (event) => seen.push((event as unknown as { message: string }).message));
      ws.addEventListener("close", (event) =>
        seen.push(`close ${(event as unknown as { code: number }).code}`),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      await settle();
      expect(seen).toEqual([
        expect.stringContaining(
          "Uncaught UnroutedRequestError: workers-ws: nothing answers ws://127.0.0.1:1/.",
        ),
        "close 1006",
      ]);
    } finally {
      restore();
    }
  });
});

describe("the network layer's fetch", () => {
  it("sends a plain request with Node's fetch", async () => {
    const base = await localServer();
    const runtime = createRuntime();
    const response = await outboundFetch(
      runtime.context,
      new Request(`${base}/plain`, { headers: { "x-test": "yes" } }),
    );
    expect(await response.text()).toBe("plain yes");
  });

  it("with Upgrade: websocket, answers 101 with a webSocket to accept", async () => {
    const base = await localServer();
    const runtime = createRuntime();
    const restore = runtime.install();
    try {
      const response = (await outboundFetch(
        runtime.context,
        new Request(`${base}/room`, {
          headers: { upgrade: "websocket", "x-room": "42", "sec-websocket-protocol": "chat" },
        }),
      )) as unknown as WorkersResponse;
      expect(response.status).toBe(101);
      expect(response.headers.get("sec-websocket-protocol")).toBe("chat");
      const ws = response.webSocket as unknown as WorkersWebSocket;
      const seen: unknown[] = [];
      ws.binaryType = "arraybuffer";
      ws.addEventListener("message", (event) => {
        const data = (event as unknown as { data: string | ArrayBuffer }).data;
        seen.push(typeof data === "string" ? data : [...new Uint8Array(data)]);
      });
      ws.accept();
      ws.send(new Uint8Array([3, 4]));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await settle();
      expect(seen).toEqual(["hello 42 chat", [3, 4]]);
      ws.close(1000);
      await settle();
    } finally {
      restore();
      await runtime.closeNetwork();
    }
  });

  it("with Upgrade, passes a refusal on as the server's HTTP response", async () => {
    const base = await localServer();
    const runtime = createRuntime();
    const response = await outboundFetch(
      runtime.context,
      new Request(`${base}/refuse`, { headers: { upgrade: "websocket" } }),
    );
    expect([response.status, await response.text(), (response as { webSocket?: unknown }).webSocket]).toEqual(
      [403, "no", null],
    );
  });

  it("answers one hop only: Node's fetch never follows a redirect below the layers", async () => {
    const target = await localServer();
    const redirecting: Server = createServer((_request, response) => {
      response.writeHead(302, { location: `${target}/plain` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => redirecting.close(() => resolve())));
    const runtime = createRuntime();
    const layer = createNetworkLayer(runtime.context, "loopback");
    const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`;
    const response = (await layer.fetch(new Request(url, { redirect: "follow" }))) as Response;
    expect([response.status, response.headers.get("location")]).toEqual([302, `${target}/plain`]);
  });

  it("does not serve other schemes (left to the next layer, or UnroutedRequestError)", () => {
    const runtime = createRuntime({ network: "all" });
    const layer = createNetworkLayer(runtime.context, "all");
    expect(layer.fetch(new Request("ftp://example.com/"))).toBeUndefined();
  });
});
