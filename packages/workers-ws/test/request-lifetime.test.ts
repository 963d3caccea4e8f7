import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createRuntime,
  dispatchFetch,
  fetch,
  Response,
  routeWorker,
  settle,
  WebSocketPair,
} from "workers-ws";
import { NEW, useRuntime } from "./support/trace.js";

// The request boundary as workerd draws it (conformance 47-subrequest-timing): the caller resumes
// only after the work its callee started before returning, and a request whose Response has been
// delivered in full is over, so the timers its code set never fire.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("when the caller gets the Response", () => {
  useRuntime({ compatibilityDate: NEW, network: "none" });

  it("after the first message the callee sent on its pair before returning", async () => {
    const order: string[] = [];
    routeWorker("callee.example", () => {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      client.accept();
      server.addEventListener("message", (event) => order.push(`callee got ${String(event.data)}`));
      client.send("one");
      client.send("two");
      return new Response("ok");
    });
    const response = await fetch("https://callee.example/");
    order.push(`caller has ${response.status}`);
    await settle();
    // workerd: the first message reaches the callee's listener before the caller resumes, the next
    // one after (observed with 2 and with 12 messages queued).
    expect(order).toEqual(["callee got one", "caller has 200", "callee got two"]);
  });

  it("after every link of a microtask chain the callee started", async () => {
    const order: string[] = [];
    const worker = () => {
      let link = Promise.resolve();
      for (let i = 1; i <= 30; i++) link = link.then(() => void order.push(`step ${i}`));
      return new Response(null, { status: 204 });
    };
    const response = await dispatchFetch(worker, "https://callee.example/");
    order.push(`caller has ${response.status}`);
    expect(order).toHaveLength(31);
    expect(order.at(-2)).toBe("step 30");
    expect(order.at(-1)).toBe("caller has 204");
  });

  it("and each body chunk after what the callee queued before it", async () => {
    const order: string[] = [];
    routeWorker("callee.example", () => {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      client.accept();
      server.addEventListener("message", (event) => order.push(`callee got ${String(event.data)}`));
      client.send("before the body");
      return new Response("the body");
    });
    const response = await fetch("https://callee.example/");
    order.push(`caller read ${await response.text()}`);
    expect(order).toEqual(["callee got before the body", "caller read the body"]);
  });
});

describe("when a request ends", () => {
  // Installed, as the environment installs it: the timer globals then know their request.
  let restore: (() => void) | undefined;
  beforeEach(() => {
    restore = createRuntime({ compatibilityDate: NEW, network: "none" }).install(globalThis);
  });
  afterEach(async () => {
    restore?.();
    await settle();
  });

  it("a callee's timer does not fire once the caller has read the body", async () => {
    const fired: string[] = [];
    routeWorker("callee.example", () => {
      setTimeout(() => fired.push("timer"), 0);
      return new Response("short");
    });
    expect(await (await fetch("https://callee.example/")).text()).toBe("short");
    await sleep(20);
    expect(fired).toEqual([]);
  });

  it("a callee's timer fires while the body is unread, and the body still arrives", async () => {
    const fired: string[] = [];
    routeWorker("callee.example", () => {
      setTimeout(() => fired.push("timer"), 0);
      return new Response("unread for now");
    });
    const response = await fetch("https://callee.example/");
    await sleep(20);
    expect(fired).toEqual(["timer"]);
    expect(await response.text()).toBe("unread for now");
  });

  it("a timer inside a waitUntil() task fires: the request lasts until its tasks settle", async () => {
    const fired: string[] = [];
    const worker = {
      fetch(_request: Request, _env: unknown, ctx: { waitUntil(promise: Promise<unknown>): void }) {
        ctx.waitUntil(
          sleep(5).then(
            () =>
              new Promise<void>((resolve) => setTimeout(() => resolve(void fired.push("task's timer")), 0)),
          ),
        );
        return new Response(null, { status: 204 });
      },
    };
    const response = await dispatchFetch(worker, "https://callee.example/");
    expect(response.status).toBe(204);
    await sleep(30);
    expect(fired).toEqual(["task's timer"]);
  });

  it("a 101 keeps the request alive: the Worker's timers go on sending on its end", async () => {
    routeWorker("callee.example", () => {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      setTimeout(() => server.send("from a timer"), 5);
      return new Response(null, { status: 101, webSocket: client });
    });
    const response = await fetch("https://callee.example/", { headers: { Upgrade: "websocket" } });
    const socket = response.webSocket as unknown as WebSocket;
    const received: string[] = [];
    socket.accept();
    socket.addEventListener("message", (event) => received.push(String(event.data)));
    await sleep(30);
    expect(received).toEqual(["from a timer"]);
  });

  it("a body read to its end keeps its bytes, status, reason and headers", async () => {
    routeWorker(
      "callee.example",
      () =>
        new Response(new Uint8Array([1, 2, 3]), { status: 203, statusText: "Mine", headers: { "x-a": "b" } }),
    );
    const response = await fetch("https://callee.example/");
    expect([response.status, response.statusText, response.headers.get("x-a")]).toEqual([203, "Mine", "b"]);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3]);
  });
});
