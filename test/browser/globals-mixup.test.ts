// Which global is which: the page's WebSocket and the Workers WebSocket are different classes,
// and handing one to the other's API fails with an error that names the mix-up.
import { afterEach, describe, expect, it } from "vitest";
import {
  openPage,
  type Page,
  type PageWebSocket,
  routeWorker,
  WebSocket as WorkersWebSocket,
} from "vitest-environment-workers-ws";
import { echoWorker } from "./support/workers.js";

let page: Page;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSocket(): Promise<PageWebSocket> {
  cleanups.push(routeWorker("echo.example", echoWorker()));
  page = await openPage({ url: "https://app.example/", html: "" });
  cleanups.push(() => page.close());
  const socket = new page.WebSocket("wss://echo.example/");
  await expect(socket).toReachReadyState("OPEN");
  return socket;
}

describe("mixing up the page's WebSocket and the Workers one", () => {
  it("a page's socket in a Worker's Response", async () => {
    const socket = await openSocket();
    expect(() => new Response(null, { status: 101, webSocket: socket } as unknown as ResponseInit)).toThrow(
      new TypeError(
        "workers-ws: new Response(null, { webSocket }) got a browser page's WebSocket; a Worker answers an upgrade with an end of a WebSocketPair.",
      ),
    );
  });

  it("the Workers WebSocket's methods on a page's socket", async () => {
    const socket = await openSocket();
    for (const call of [
      () => WorkersWebSocket.prototype.accept.call(socket),
      () => WorkersWebSocket.prototype.send.call(socket, "x"),
    ]) {
      expect(call).toThrow(/a browser page's WebSocket was used where the Workers WebSocket is expected/);
    }
  });

  it("the page's WebSocket methods on a Workers socket", async () => {
    await openSocket();
    const [workersEnd, otherEnd] = new WebSocketPair();
    otherEnd.accept();
    const send = Object.getOwnPropertyDescriptor(page.WebSocket.prototype, "send")?.value as (
      data: string,
    ) => void;
    expect(() => send.call(workersEnd, "x")).toThrow(
      "workers-ws: the Workers WebSocket (a WebSocketPair end, or the test's global new WebSocket(url)) was used where a page's WebSocket is expected. A page's socket comes from page.WebSocket, which is window.WebSocket in the page's scripts.",
    );
    expect(workersEnd).not.toBeInstanceOf(page.WebSocket);
    workersEnd.accept();
    workersEnd.close(1000);
  });

  it("the test's globals stay the Workers ones while pages are open", async () => {
    await openSocket();
    expect(globalThis.WebSocket).not.toBe(page.WebSocket);
    expect(globalThis.fetch).not.toBe(page.fetch);
    // A Workers client socket still has Workers rules: accept() exists, close(1001) is allowed.
    expect(typeof WorkersWebSocket.prototype.accept).toBe("function");
    expect("accept" in page.WebSocket.prototype).toBe(false);
  });
});
