// The browser rules of a page's WebSocket. Each assertion here fails with the Workers WebSocket
// (workerd's rules) in the page: its close() takes 1001, it has accept(), refuses http: URLs,
// has no bufferedAmount count, delivers Workers events, and fires no error on a refused upgrade.
import { afterEach, describe, expect, it } from "vitest";
import {
  openPage,
  type Page,
  type PageWebSocket,
  routeWorker,
  transcriptOf,
  type Unroute,
  type WebSocket as WorkersWebSocket,
} from "vitest-environment-workers-ws";
import { echoWorker, type SeenHandshake } from "./support/workers.js";

type PageSocket = PageWebSocket;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pageWithEcho(options: Parameters<typeof echoWorker>[0] = {}): Promise<Page> {
  const unroute: Unroute = routeWorker("echo.example", echoWorker(options));
  cleanups.push(unroute);
  const page = await openPage({ url: "https://app.example/chat", html: "<p>chat</p>" });
  cleanups.push(() => page.close());
  return page;
}

function opened(socket: PageSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new Error("the socket failed")));
  });
}

function nextEvent(socket: PageSocket, type: string): Promise<unknown> {
  return new Promise((resolve) => socket.addEventListener(type, (event) => resolve(event), { once: true }));
}

describe("which WebSocket a page has", () => {
  it("is the page's own class, on the page's EventTarget, not the test's Workers WebSocket", async () => {
    const page = await pageWithEcho();
    expect(page.WebSocket).not.toBe(globalThis.WebSocket);
    const socket = new page.WebSocket("wss://echo.example/");
    expect(socket).toBeInstanceOf(page.WebSocket);
    expect(socket).toBeInstanceOf(page.EventTarget);
    expect(socket).not.toBeInstanceOf(globalThis.WebSocket);
    expect("accept" in socket).toBe(false);
    expect(Object.prototype.toString.call(socket)).toBe("[object WebSocket]");
    await opened(socket);
    const message = nextEvent(socket, "message");
    socket.send("hi");
    const event = (await message) as MessageEvent;
    expect(event).toBeInstanceOf(page.MessageEvent);
    expect(event.data).toBe("echo: hi");
    expect(event.origin).toBe("wss://echo.example");
  });
});

describe("constructor", () => {
  it("resolves relative URLs against the page, turns http(s) into ws(s), refuses fragments", async () => {
    const page = await pageWithEcho();
    expect(new page.WebSocket("https://echo.example/a").url).toBe("wss://echo.example/a");
    expect(new page.WebSocket("http://echo.example/b").url).toBe("ws://echo.example/b");
    const relative = await openPage({ url: "https://echo.example/app/", html: "" });
    cleanups.push(() => relative.close());
    expect(new relative.WebSocket("socket?x=1").url).toBe("wss://echo.example/app/socket?x=1");
    expect(() => new page.WebSocket("wss://echo.example/#frag")).toThrow(
      expect.objectContaining({
        name: "SyntaxError",
        message:
          "Failed to construct 'WebSocket': The URL contains a fragment identifier ('frag'). Fragment identifiers are not allowed in WebSocket URLs.",
      }),
    );
    expect(() => new page.WebSocket("ftp://echo.example/")).toThrow(
      "Failed to construct 'WebSocket': The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. 'ftp' is not allowed.",
    );
    expect(() => new page.WebSocket("wss://echo.example/", ["a", "a"])).toThrow(
      "Failed to construct 'WebSocket': The subprotocol 'a' is duplicated.",
    );
    let thrown: unknown;
    try {
      new page.WebSocket("wss://echo.example/", "a b");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(page.DOMException);
    expect((thrown as DOMException).name).toBe("SyntaxError");
  });
});

describe("the handshake", () => {
  it("reaches the routed Worker's fetch with the page's Origin, cookies, subprotocols and the URL", async () => {
    const seen: SeenHandshake[] = [];
    const page = await pageWithEcho({ seen });
    page.document.cookie = "theme=dark";
    const socket = new page.WebSocket("wss://echo.example/rooms/a?x=1", ["chat.v2", "chat.v1"]);
    await opened(socket);
    expect(seen).toEqual([
      {
        url: "https://echo.example/rooms/a?x=1",
        origin: "https://app.example",
        cookie: null, // cookies of app.example do not go to echo.example
        protocol: "chat.v2, chat.v1",
        userAgent: page.navigator.userAgent,
      },
    ]);
    expect(socket.protocol).toBe("chat.v2");
    // Compression is on at 2026-11-01: the Worker's 101 negotiates permessage-deflate.
    expect(socket.extensions).toBe("permessage-deflate");

    const sameSite = await openPage({ url: "https://echo.example/", html: "" });
    cleanups.push(() => sameSite.close());
    sameSite.document.cookie = "sid=42";
    const withCookie = new sameSite.WebSocket("/socket");
    await opened(withCookie);
    expect(seen[1]).toMatchObject({ origin: "https://echo.example", cookie: "sid=42", protocol: null });
  });

  it("a refused upgrade fires error, then close 1006 (not clean), and readyState goes CONNECTING to CLOSED", async () => {
    const unroute = routeWorker("refuse.example", { fetch: () => new Response("nope", { status: 403 }) });
    cleanups.push(unroute);
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://refuse.example/");
    const order: string[] = [];
    socket.onerror = (event) => order.push(`error ${event.constructor.name} readyState ${socket.readyState}`);
    socket.onclose = (event) =>
      order.push(`close ${event.code} ${JSON.stringify(event.reason)} ${event.wasClean}`);
    expect(socket.readyState).toBe(page.WebSocket.CONNECTING);
    await expect(socket).toClose({ code: 1006, wasClean: false });
    expect(order).toEqual(["error Event readyState 3", 'close 1006 "" false']);
    // Scripts learn nothing more (as in browsers); the transcript keeps Chromium's console line.
    expect(transcriptOf(socket as unknown as WorkersWebSocket).entries()).toContainEqual(
      expect.objectContaining({
        kind: "error",
        message: "Error during WebSocket handshake: Unexpected response code: 403",
      }),
    );
    expect(socket).toHaveReadyStateHistory(["CONNECTING", "CLOSED"]);
  });

  it("a subprotocol that was not offered fails the connection (error, close 1006)", async () => {
    const page = await pageWithEcho({ protocol: "other" });
    const socket = new page.WebSocket("wss://echo.example/", ["chat"]);
    const order: string[] = [];
    socket.addEventListener("error", () => order.push("error"));
    socket.addEventListener("close", (event) =>
      order.push(`close ${(event as unknown as { code: number }).code}`),
    );
    await expect(socket).toClose({ code: 1006, wasClean: false });
    expect(order).toEqual(["error", "close 1006"]);
    expect(socket.protocol).toBe("");
  });
});

describe("send, binaryType and bufferedAmount", () => {
  it("throws InvalidStateError while CONNECTING", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    expect(() => socket.send("early")).toThrow(
      expect.objectContaining({
        name: "InvalidStateError",
        message: "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
      }),
    );
  });

  it("binaryType is blob by default and binary messages arrive as the page's Blob, or ArrayBuffer", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    expect(socket.binaryType).toBe("blob");
    await opened(socket);
    let message = nextEvent(socket, "message");
    socket.send(new Uint8Array([1, 2, 3]));
    const blob = ((await message) as MessageEvent).data;
    expect(blob).toBeInstanceOf(page.Blob);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);

    socket.binaryType = "nonsense" as "blob"; // ignored, as browsers do
    expect(socket.binaryType).toBe("blob");
    socket.binaryType = "arraybuffer";
    message = nextEvent(socket, "message");
    socket.send(new page.Blob(["blob!"]));
    const buffer = ((await message) as MessageEvent).data;
    expect(Object.prototype.toString.call(buffer)).toBe("[object ArrayBuffer]");
    expect(new TextDecoder().decode(buffer)).toBe("blob!");
  });

  it("counts bytes in bufferedAmount until the Worker's end took them, and after close", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    await opened(socket);
    socket.send("héllo"); // 6 UTF-8 bytes
    socket.send(new Uint8Array(10));
    expect(socket.bufferedAmount).toBe(16);
    await expect(socket).toReceiveMessage("echo: héllo");
    expect(socket.bufferedAmount).toBe(0);
    socket.close();
    socket.send("after close");
    expect(socket.bufferedAmount).toBe(11);
    await expect(socket).toClose({ code: 1005, wasClean: true });
  });
});

describe("close()", () => {
  it("accepts only 1000 and 3000-4999 (InvalidAccessError) and reasons up to 123 bytes (SyntaxError)", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    await opened(socket);
    for (const code of [1001, 1005, 1011, 2999, 5000, 0]) {
      expect(() => socket.close(code)).toThrow(
        expect.objectContaining({
          name: "InvalidAccessError",
          message: `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        }),
      );
    }
    expect(() => socket.close(1000, "x".repeat(124))).toThrow(
      expect.objectContaining({
        name: "SyntaxError",
        message:
          "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
      }),
    );
    expect(socket.readyState).toBe(page.WebSocket.OPEN);
    socket.close(4000, "x".repeat(123));
    expect(socket.readyState).toBe(page.WebSocket.CLOSING);
    await expect(socket).toClose({ code: 4000, reason: "x".repeat(123), wasClean: true });
    expect(socket).toHaveReadyStateHistory(["CONNECTING", "OPEN", "CLOSING", "CLOSED"]);
  });

  it("while CONNECTING fails the connection: CLOSING, then error and close 1006", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    const order: string[] = [];
    socket.onopen = () => order.push("open");
    socket.onerror = () => order.push("error");
    socket.onclose = (event) => order.push(`close ${event.code}`);
    socket.close();
    expect(socket.readyState).toBe(page.WebSocket.CLOSING);
    await expect(socket).toClose();
    expect(order).toEqual(["error", "close 1006"]);
  });

  it("a close from the Worker is answered, and ends with the Worker's code and reason", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    await opened(socket);
    socket.send("close 4001 bye now");
    await expect(socket).toClose({ code: 4001, reason: "bye now", wasClean: true });
    expect(socket).toHaveReadyStateHistory(["CONNECTING", "OPEN", "CLOSING", "CLOSED"]);
  });
});

describe("when events come", () => {
  it("each event is a task: microtasks queued before (and by a listener) run before the next event", async () => {
    const page = await pageWithEcho();
    const socket = new page.WebSocket("wss://echo.example/");
    const order: string[] = [];
    // A long microtask chain started after the constructor finishes before open.
    let chain = Promise.resolve();
    for (let i = 0; i < 50; i++) chain = chain.then(() => undefined);
    void chain.then(() => order.push("microtasks done"));
    await opened(socket);
    order.push("open seen");
    socket.onmessage = (event) => {
      order.push(`message ${event.data}`);
      queueMicrotask(() => order.push(`microtask after ${event.data}`));
    };
    socket.send("1");
    socket.send("2");
    await expect(socket).toReceiveMessage("echo: 2");
    expect(order).toEqual([
      "microtasks done",
      "open seen",
      "message echo: 1",
      "microtask after echo: 1",
      "message echo: 2",
      "microtask after echo: 2",
    ]);
  });
});
