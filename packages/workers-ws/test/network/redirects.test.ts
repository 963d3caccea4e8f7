import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRuntime,
  fetch,
  Response,
  type RuntimeOptions,
  routeWorker,
  settle,
  UnroutedRequestError,
  type WebSocket,
} from "workers-ws";
import { WebSocketServer } from "ws";

// fetch() follows redirects above the outbound layers (outbound/follow-redirects.ts): every hop
// passes the routes and the network option again, so a redirect never reaches what a direct
// request could not. Real loopback servers answer the redirects; a second one, on another loopback
// address, stands for the host outside the allowed set and counts what reaches it.

interface Seen {
  method: string;
  url: string;
  body: string;
  authorization: string | undefined;
}

interface LocalServer {
  readonly base: string;
  readonly seen: Seen[];
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A server on `host`: `/to?<url>` answers `?status=` (302 by default) with Location <url>,
 * `/ws-to?<url>` answers an upgrade the same way, `/ws` upgrades and greets, anything else 200.
 */
async function localServer(host = "127.0.0.1"): Promise<LocalServer> {
  const seen: Seen[] = [];
  const http: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    seen.push({
      method: request.method ?? "",
      url: request.url ?? "",
      body,
      authorization: request.headers.authorization,
    });
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/to") {
      const status = Number(url.searchParams.get("status") ?? 302);
      response.writeHead(status, { location: url.searchParams.get("location") ?? "" }).end("moved");
    } else response.end(`${host} ${request.method} ${url.pathname} ${body}`);
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://x");
    seen.push({ method: "UPGRADE", url: request.url ?? "", body: "", authorization: undefined });
    if (url.pathname === "/ws-to") {
      const location = url.searchParams.get("location") ?? "";
      socket.end(
        `HTTP/1.1 302 Found\r\nlocation: ${location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => ws.send(`hello from ${host}`));
  });
  await new Promise<void>((resolve) => http.listen(0, host, resolve));
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return { base: `http://${host}:${(http.address() as AddressInfo).port}`, seen };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => resolve(body));
  });
}

/** A URL on `server` that redirects to `location`. */
const redirectTo = (server: LocalServer, location: string, status = 302) =>
  `${server.base}/to?status=${status}&location=${encodeURIComponent(location)}`;

function useRuntime(options: RuntimeOptions): void {
  const runtime = createRuntime({ compatibilityDate: "2026-11-01", ...options });
  const deactivate = runtime.activate();
  cleanups.push(async () => {
    deactivate();
    await runtime.closeNetwork();
    runtime.dispose();
    await settle();
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return "resolved";
}

describe("a redirect from a real server passes the network option again", () => {
  it("default (loopback): a redirect to a public host is refused, naming the redirect", async () => {
    const inside = await localServer();
    useRuntime({});
    const first = redirectTo(inside, "http://public.example/secret");
    const error = await rejection(fetch(first));
    expect(error).toBeInstanceOf(UnroutedRequestError);
    expect((error as Error).message).toBe(
      `workers-ws: nothing answers http://public.example/secret, reached by a redirect from ${first}. Route it to a Worker in memory (the "routes" option or routeWorker()), or allow it over the network: the "network" option is "loopback", which does not reach public.example (set "network" to "all", or list the host in it).`,
    );
    expect((error as UnroutedRequestError).redirectedFrom).toBe(first);
  });

  it("a host list: a redirect to a host outside the list never reaches it", async () => {
    const listed = await localServer("127.0.0.1");
    const outside = await localServer("127.0.0.2");
    useRuntime({ network: ["127.0.0.1"] });
    const error = await rejection(fetch(redirectTo(listed, `${outside.base}/x`)));
    expect(error).toBeInstanceOf(UnroutedRequestError);
    expect((error as Error).message).toContain(
      `nothing answers ${outside.base}/x, reached by a redirect from`,
    );
    expect((error as Error).message).toContain("does not reach 127.0.0.2");
    expect(outside.seen).toEqual([]);
  });

  it("every hop is checked: a second redirect that leaves the list is refused", async () => {
    const listed = await localServer("127.0.0.1");
    const outside = await localServer("127.0.0.2");
    useRuntime({ network: ["127.0.0.1"] });
    const second = redirectTo(listed, `${outside.base}/y`, 307);
    const error = await rejection(fetch(redirectTo(listed, second, 301)));
    expect((error as Error).message).toContain(
      `nothing answers ${outside.base}/y, reached by a redirect from ${second}.`,
    );
    expect(listed.seen.map((entry) => entry.url.split("&")[0])).toEqual(["/to?status=301", "/to?status=307"]);
    expect(outside.seen).toEqual([]);
  });

  it("a redirect within the list is followed: 307 sends the body again, the Response says where it ended", async () => {
    const listed = await localServer("127.0.0.1");
    useRuntime({ network: ["127.0.0.1"] });
    const response = await fetch(redirectTo(listed, "/final", 307), { method: "POST", body: "payload" });
    expect([response.status, response.redirected, response.url]).toEqual([200, true, `${listed.base}/final`]);
    // As workerd reports a fetched Response (undici's own would say "basic").
    expect(response.type).toBe("default");
    expect(await response.text()).toBe("127.0.0.1 POST /final payload");
    expect(listed.seen.map(({ method, body }) => `${method} ${body}`)).toEqual([
      "POST payload",
      "POST payload",
    ]);
  });

  it("a Worker's fetch() is held to the same policy", async () => {
    const listed = await localServer("127.0.0.1");
    const outside = await localServer("127.0.0.2");
    useRuntime({ network: ["127.0.0.1"] });
    routeWorker("proxy.example", async () => {
      try {
        const upstream = await fetch(redirectTo(listed, `${outside.base}/from-worker`));
        return new Response(`reached ${upstream.status}`);
      } catch (error) {
        return new Response(`${(error as Error).name}: ${(error as Error).message}`, { status: 502 });
      }
    });
    const response = await fetch("https://proxy.example/");
    expect(response.status).toBe(502);
    expect(await response.text()).toContain(
      `UnroutedRequestError: workers-ws: nothing answers ${outside.base}/from-worker, reached by a redirect from ${listed.base}/to?`,
    );
    expect(outside.seen).toEqual([]);
  });

  it('redirect: "manual" returns the 3xx itself and asks for nothing else', async () => {
    const listed = await localServer("127.0.0.1");
    const outside = await localServer("127.0.0.2");
    useRuntime({ network: "loopback" });
    const first = redirectTo(listed, `${outside.base}/never`);
    const response = await fetch(first, { redirect: "manual" });
    expect([response.status, response.redirected, response.url]).toEqual([302, false, first]);
    expect(response.headers.get("location")).toBe(`${outside.base}/never`);
    expect(outside.seen).toEqual([]);
  });

  it('redirect: "error" is refused with workerd\'s TypeError before any request is sent', async () => {
    const listed = await localServer("127.0.0.1");
    useRuntime({});
    const error = await rejection(fetch(redirectTo(listed, "/final"), { redirect: "error" }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'Invalid redirect value, must be one of "follow" or "manual" ("error" won\'t be implemented since it does not make sense at the edge; use "manual" and check the response status code).',
    );
    expect(listed.seen).toEqual([]);
  });

  it("an upgrade answered with a redirect is followed to the WebSocket", async () => {
    const listed = await localServer("127.0.0.1");
    useRuntime({});
    const response = (await fetch(
      `${listed.base}/ws-to?location=${encodeURIComponent(`${listed.base}/ws`)}`,
      {
        headers: { Upgrade: "websocket" },
      },
    )) as unknown as Response;
    expect([response.status, response.redirected, response.url]).toEqual([101, true, `${listed.base}/ws`]);
    const ws = response.webSocket as WebSocket;
    const greeting = new Promise((resolve) => ws.addEventListener("message", (event) => resolve(event.data)));
    ws.accept();
    expect(await greeting).toBe("hello from 127.0.0.1");
    ws.close(1000);
  });
});

describe("redirects between routes and the network", () => {
  it("a routed Worker redirecting to another routed host stays in memory", async () => {
    useRuntime({ network: "none" });
    routeWorker(
      "a.example",
      () => new Response(null, { status: 303, headers: { Location: "https://b.example/x" } }),
    );
    routeWorker(
      "b.example",
      (request: Request) => new Response(`b ${request.method} ${new URL(request.url).pathname}`),
    );
    const response = await fetch("https://a.example/", { method: "POST", body: "dropped by 303" });
    expect([response.status, response.redirected, response.url]).toEqual([200, true, "https://b.example/x"]);
    expect(await response.text()).toBe("b GET /x");
  });

  it("a routed Worker's redirect to the network is held to the network option", async () => {
    const listed = await localServer("127.0.0.1");
    useRuntime({ network: "none" });
    routeWorker("a.example", () => Response.redirect(`${listed.base}/final`, 302));
    const error = await rejection(fetch("https://a.example/start"));
    expect((error as Error).message).toContain(
      `nothing answers ${listed.base}/final, reached by a redirect from https://a.example/start. `,
    );
    expect(listed.seen).toEqual([]);
  });

  it("a real server's redirect to a routed host reaches the Worker in memory", async () => {
    const listed = await localServer("127.0.0.1");
    useRuntime({});
    routeWorker(
      "memory.example",
      (request: Request) => new Response(`in memory ${new URL(request.url).pathname}`),
    );
    const response = await fetch(redirectTo(listed, "https://memory.example/here"));
    expect([response.redirected, response.url, await response.text()]).toEqual([
      true,
      "https://memory.example/here",
      "in memory /here",
    ]);
  });

  it("a routed fetch that is not redirected reports its URL, as workerd does", async () => {
    useRuntime({ network: "none" });
    routeWorker("a.example", () => new Response("ok"));
    const response = await fetch("https://a.example/page#section");
    expect([response.url, response.redirected, response.statusText]).toEqual([
      "https://a.example/page",
      false,
      "OK",
    ]);
  });
});
