// A page's fetch(), XMLHttpRequest and its own loading reach the Workers routed in memory, with
// what a browser adds to the request (Origin, cookies) and takes from the answer (Set-Cookie).
import { afterEach, describe, expect, it } from "vitest";
import { openPage, type Page, routeWorker } from "vitest-environment-workers-ws";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Seen {
  method: string;
  url: string;
  origin: string | null;
  cookie: string | null;
  body: string;
}

/** A Worker that records each request, sets a cookie on /login and serves a page on /. */
function appWorker(seen: Seen[]) {
  return {
    async fetch(request: Request): Promise<Response> {
      seen.push({
        method: request.method,
        url: request.url,
        origin: request.headers.get("Origin"),
        cookie: request.headers.get("Cookie"),
        body: await request.text(),
      });
      const { pathname } = new URL(request.url);
      if (pathname === "/login") {
        return new Response("ok", { headers: { "Set-Cookie": "sid=s3cret; HttpOnly; Path=/" } });
      }
      if (pathname === "/") {
        return new Response(
          `<html><body><h1>Home</h1><script>window.loaded = document.querySelector("h1").textContent;</script></body></html>`,
          { headers: { "Content-Type": "text/html" } },
        );
      }
      if (pathname === "/socket") {
        const [client, server] = new WebSocketPair();
        server.accept();
        return new Response(null, { status: 101, webSocket: client } as ResponseInit);
      }
      if (pathname === "/api/open") {
        return Response.json({ open: true }, { headers: { "Access-Control-Allow-Origin": "*" } });
      }
      return Response.json({ path: pathname });
    },
  };
}

async function page(url: string, html = ""): Promise<Page> {
  const opened = await openPage({ url, html });
  cleanups.push(() => opened.close());
  return opened;
}

describe("a page's requests", () => {
  it("fetch() reaches the routed Worker and resolves with the page's Response", async () => {
    const seen: Seen[] = [];
    cleanups.push(routeWorker("app.example", appWorker(seen)));
    const p = await page("https://app.example/chat");
    const response = await p.fetch("/api/history", { method: "POST", body: "since=1" });
    expect(response).toBeInstanceOf(p.Response);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "/api/history" });
    // Same origin, not GET: the browser sends Origin.
    expect(seen).toEqual([
      {
        method: "POST",
        url: "https://app.example/api/history",
        origin: "https://app.example",
        cookie: null,
        body: "since=1",
      },
    ]);
  });

  it("keeps the Worker's Set-Cookie (HttpOnly too) and sends it back, on fetch and on the socket handshake", async () => {
    const seen: Seen[] = [];
    cleanups.push(routeWorker("app.example", appWorker(seen)));
    const p = await page("https://app.example/");
    const login = await p.fetch("/login");
    expect(login.headers.get("Set-Cookie")).toBeNull(); // scripts never see it
    expect(p.document.cookie).toBe(""); // HttpOnly
    await p.fetch("/me");
    expect(seen[1]?.cookie).toBe("sid=s3cret");
    const socket = new p.WebSocket("/socket");
    await new Promise((resolve) => socket.addEventListener("open", resolve));
    expect(seen[2]).toMatchObject({ url: "https://app.example/socket", cookie: "sid=s3cret" });
  });

  it("XMLHttpRequest reaches the Worker too", async () => {
    const seen: Seen[] = [];
    cleanups.push(routeWorker("app.example", appWorker(seen)));
    const p = await page("https://app.example/");
    const xhr = new p.XMLHttpRequest();
    const loaded = new Promise((resolve) => xhr.addEventListener("load", resolve));
    xhr.open("GET", "/api/xhr");
    xhr.send();
    await loaded;
    expect(xhr.status).toBe(200);
    expect(JSON.parse(xhr.responseText)).toEqual({ path: "/api/xhr" });
    expect(seen.map((s) => s.url)).toEqual(["https://app.example/api/xhr"]);
  });

  it("a cross-origin request sends Origin and fails without Access-Control-Allow-Origin", async () => {
    const seen: Seen[] = [];
    cleanups.push(routeWorker("api.example", appWorker(seen)));
    const p = await page("https://app.example/");
    const open = await p.fetch("https://api.example/api/open");
    expect(await open.json()).toEqual({ open: true });
    await expect(p.fetch("https://api.example/private")).rejects.toThrow("Failed to fetch");
    expect(seen.map((s) => s.origin)).toEqual(["https://app.example", "https://app.example"]);
  });

  it("without html, the page loads from the Worker routed at its URL and runs its scripts", async () => {
    const seen: Seen[] = [];
    cleanups.push(routeWorker("app.example", appWorker(seen)));
    const p = await openPage({ url: "https://app.example/" });
    cleanups.push(() => p.close());
    expect(p.document.querySelector("h1")?.textContent).toBe("Home");
    expect((p as unknown as { loaded: string }).loaded).toBe("Home");
    const off = await openPage({ url: "https://app.example/", scripts: false });
    cleanups.push(() => off.close());
    expect((off as unknown as { loaded?: string }).loaded).toBeUndefined();
  });
});
