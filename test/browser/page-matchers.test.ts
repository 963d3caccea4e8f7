// Matchers and transcripts on a page's socket, with the Worker's end beside it; fake timers do
// not hold back the page's events.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  openPage,
  type Page,
  routeWorker,
  transcriptOf,
  type WebSocket as WorkersWebSocket,
} from "vitest-environment-workers-ws";
import { echoWorker } from "./support/workers.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(ends: WorkersWebSocket[]): Promise<Page> {
  cleanups.push(routeWorker("echo.example", echoWorker({ ends })));
  const page = await openPage({ url: "https://app.example/", html: "" });
  cleanups.push(() => page.close());
  return page;
}

describe("matchers on a page's socket", () => {
  it("readyState, messages and close; the transcript shows the page's socket and the Worker's end", async () => {
    const ends: WorkersWebSocket[] = [];
    const page = await setUp(ends);
    const socket = new page.WebSocket("wss://echo.example/");
    expect(socket).toHaveReadyState("CONNECTING");
    await expect(socket).toReachReadyState("OPEN");
    socket.send("ping");
    await expect(socket).toReceiveMessage("echo: ping");
    expect(socket).toHaveSentMessages(["ping"]);
    socket.close(1000, "done");
    await expect(socket).toClose({ code: 1000, reason: "done", wasClean: true });
    expect(socket).toHaveCloseCode(1000);

    const pageSide = transcriptOf(socket as unknown as WorkersWebSocket)
      .entries()
      .map((e) => e.kind);
    expect(pageSide).toEqual([
      "readyState", // CONNECTING → OPEN
      "open",
      "sent",
      "received",
      "closeCall",
      "readyState", // OPEN → CLOSING
      "readyState", // CLOSING → CLOSED, before the close event (WHATWG)
      "close",
    ]);
    const workerEnd = ends[0] as WorkersWebSocket;
    expect(workerEnd).toHaveReceivedMessages(["ping"]);
    expect(workerEnd).toHaveBeenClosedWith({ code: 1000, reason: "done", wasClean: true });
  });

  it("a failed expectation prints the page socket's transcript", async () => {
    const page = await setUp([]);
    const socket = new page.WebSocket("wss://echo.example/");
    await expect(socket).toReachReadyState("OPEN");
    socket.send("one");
    await expect(socket).toReceiveMessage("echo: one");
    let message = "";
    try {
      expect(socket).toHaveReceivedMessages(["something else"]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('"echo: one"');
    expect(message).toMatch(/Transcript/);
  });
});

describe("fake timers", () => {
  it("do not hold back the handshake, messages or close of a page's socket", async () => {
    vi.useFakeTimers();
    const page = await setUp([]);
    const socket = new page.WebSocket("wss://echo.example/");
    const seen: string[] = [];
    socket.onopen = () => socket.send("tick");
    socket.onmessage = (event) => {
      seen.push(String(event.data));
      socket.close();
    };
    await expect(socket).toClose({ code: 1005, wasClean: true });
    expect(seen).toEqual(["echo: tick"]);
  });
});

describe("several pages at once", () => {
  it("are separate users: their own cookies, their own sockets; closing one page closes its sockets with 1001", async () => {
    const ends: WorkersWebSocket[] = [];
    const seen: Array<{ cookie: string | null }> = [];
    cleanups.push(routeWorker("echo.example", echoWorker({ ends, seen: seen as never })));
    const alice = await openPage({ url: "https://echo.example/", html: "" });
    const bob = await openPage({ url: "https://echo.example/", html: "" });
    cleanups.push(() => bob.close());
    alice.document.cookie = "user=alice";
    bob.document.cookie = "user=bob";
    const a = new alice.WebSocket("/a");
    const b = new bob.WebSocket("/b");
    await expect(a).toReachReadyState("OPEN");
    await expect(b).toReachReadyState("OPEN");
    expect(seen.map((s) => s.cookie)).toEqual(["user=alice", "user=bob"]);
    const closes: string[] = [];
    a.onclose = () => closes.push("page saw close");
    await alice.close();
    expect(ends[0]).toHaveBeenClosedWith({ code: 1001, reason: "" });
    expect(closes).toEqual([]); // a page that went away dispatches nothing
    expect(a.readyState).toBe(3);
    b.send("still here");
    await expect(b).toReceiveMessage("echo: still here");
  });
});

describe("a page's socket on a real port", () => {
  it("is happy-dom's network WebSocket: the matchers say it keeps no transcript", async () => {
    const page = await openPage({ url: "http://127.0.0.1/", html: "" });
    cleanups.push(() => page.close());
    // Port 9 (discard) on loopback: nothing routes it, so the page's network socket is used.
    const socket = new page.WebSocket("ws://127.0.0.1:9/");
    expect(socket).toBeInstanceOf(page.WebSocket);
    expect(() => expect(socket).toHaveReadyState("CONNECTING")).toThrow(
      "happy-dom's own network WebSocket (a real port) keeps none.",
    );
    socket.close();
  });
});
