import { describe, expect, it, vi } from "vitest";
import {
  createExecutionContext,
  dispatchFetch,
  type FetchEvent,
  fetch,
  Response,
  routeWorker,
  serviceWorker,
  settle,
  type WebSocket,
  WebSocketPair,
  WorkerShapeError,
  waitOnExecutionContext,
} from "workers-ws";
import { describeError, NEW, OLD, Trace, thrownBy, useRuntime } from "./support/trace.js";

// Service-worker syntax Workers (addEventListener("fetch", …)) through serviceWorker(), with the
// FetchEvent semantics recorded in workerd (conformance 37-service-worker).

type FetchListener = (event: FetchEvent) => void;
const scope = globalThis as unknown as {
  addEventListener?: (type: string, listener: FetchListener) => void;
};

/** A "script" that registers `listeners` when evaluated, as a service-worker module does. */
function script(...listeners: FetchListener[]) {
  return serviceWorker(() => {
    for (const listener of listeners) scope.addEventListener?.("fetch", listener);
  });
}

describe.each([OLD, NEW])("service-worker syntax at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date, network: "none" });

  it("answers with respondWith(), giving the listener workerd's FetchEvent", async () => {
    const seen: unknown[] = [];
    const worker = script((event) => {
      seen.push(event.type, event.cancelable, event.request.method, event.request.headers.get("x-test"));
      event.respondWith(event.request.text().then((body) => new Response(`got ${body}`)));
    });
    const response = await dispatchFetch(worker, "https://sw.example/", {
      method: "POST",
      body: "payload",
      headers: { "x-test": "yes" },
    });
    expect(await response.text()).toBe("got payload");
    expect(seen).toEqual(["fetch", false, "POST", "yes"]);
  });

  it("loads a module that registers its listener when imported", async () => {
    // A module runs once per registry: each test here imports it afresh.
    vi.resetModules();
    const worker = serviceWorker(() => import("./support/greeting-service-worker.js"));
    const response = await dispatchFetch(worker, "https://sw.example/hello");
    expect(await response.text()).toBe("greetings from /hello");
    // The global addEventListener existed only while the script was evaluated.
    expect(scope.addEventListener).toBeUndefined();
  });

  it("refuses a second respondWith() and one that is not given a Response or a promise", async () => {
    const errors: string[] = [];
    const worker = script((event) => {
      errors.push(describeError(thrownBy(() => event.respondWith("text" as never))));
      event.respondWith(new Response("first"));
      errors.push(describeError(thrownBy(() => event.respondWith(new Response("second")))));
    });
    const response = await dispatchFetch(worker, "https://sw.example/");
    expect(await response.text()).toBe("first");
    expect(errors).toEqual([
      "TypeError: Failed to execute 'respondWith' on 'FetchEvent': parameter 1 is not of type 'Promise'.",
      "DOMException InvalidStateError(11): FetchEvent.respondWith() has already been called; it can only be called once.",
    ]);
  });

  it("runs the listeners in order until one responds", async () => {
    const ran: string[] = [];
    const worker = script(
      () => ran.push("first passes"),
      (event) => {
        ran.push("second responds");
        event.respondWith(new Response("second"));
      },
      () => ran.push("third never runs"),
    );
    const response = await dispatchFetch(worker, "https://sw.example/");
    expect(await response.text()).toBe("second");
    expect(ran).toEqual(["first passes", "second responds"]);
  });

  it("fails the request with a listener's exception, even after respondWith()", async () => {
    const worker = script((event) => {
      event.respondWith(new Response("responded"));
      throw new RangeError("after respondWith");
    });
    await expect(dispatchFetch(worker, "https://sw.example/")).rejects.toThrow(
      new RangeError("after respondWith"),
    );
  });

  it("rejects a promise that resolves to something else than a Response", async () => {
    const worker = script((event) => event.respondWith(Promise.resolve("text")));
    await expect(dispatchFetch(worker, "https://sw.example/")).rejects.toThrow(
      "Incorrect type for Promise: the Promise did not resolve to 'Response'.",
    );
  });

  it("sends an unanswered request on to the origin; an unreachable one is workerd's internal error", async () => {
    const worker = script((event) => {
      // Too late: only a call made while the listeners run counts (workerd ignores this one).
      queueMicrotask(() => event.respondWith(new Response("late")));
    });
    const error = await dispatchFetch(worker, "https://origin.example/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^internal error; reference = [a-z0-9]{24}$/);
    // The cause is logged: the origin is the network, which this runtime does not reach.
    expect(env.uncaught.map((e) => (e as Error).name)).toEqual(["UnroutedRequestError"]);
  });

  it("passes a throwing listener through to the origin after passThroughOnException(): 500 when unreachable", async () => {
    const worker = script((event) => {
      event.passThroughOnException();
      throw new RangeError("passed through");
    });
    const response = await dispatchFetch(worker, "https://origin.example/");
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("");
    expect(env.uncaught.map(describeError)).toEqual([
      "RangeError: passed through",
      expect.stringMatching(/^UnroutedRequestError: /),
    ]);
  });

  it("keeps waitUntil() work on the request's ExecutionContext", async () => {
    const done: string[] = [];
    const worker = script((event) => {
      event.waitUntil(new Promise((resolve) => setTimeout(resolve, 5)).then(() => done.push("work")));
      event.respondWith(new Response("now"));
    });
    const ctx = createExecutionContext();
    await dispatchFetch(worker, "https://sw.example/", undefined, { ctx });
    expect(done).toEqual([]);
    await waitOnExecutionContext(ctx);
    expect(done).toEqual(["work"]);
  });

  it("upgrades through respondWith(new Response(null, { status: 101, webSocket }))", async () => {
    const worker = script((event) => {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      server.addEventListener("message", (message) => server.send(`echo ${String(message.data)}`));
      event.respondWith(new Response(null, { status: 101, webSocket: client }));
    });
    const response = await dispatchFetch(worker, "https://sw.example/", {
      headers: { Upgrade: "websocket" },
    });
    expect(response.status).toBe(101);
    const socket = response.webSocket as WebSocket;
    const trace = new Trace();
    trace.tap("caller", socket);
    socket.accept();
    socket.send("hi");
    await settle();
    expect(trace.lines).toEqual(["caller:message echo hi rs=1"]);
  });

  it("is reachable through a route", async () => {
    const unroute = routeWorker(
      "sw.example",
      script((event) => event.respondWith(new Response("routed"))),
    );
    try {
      expect(await (await fetch("https://sw.example/")).text()).toBe("routed");
    } finally {
      unroute();
    }
  });

  it("names a script that registered no fetch listener, on its first request", async () => {
    const worker = serviceWorker(() => {});
    const error = await dispatchFetch(worker, "https://sw.example/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerShapeError);
    expect((error as Error).message).toContain('the script registered no "fetch" listener');
    expect(() => serviceWorker("./worker.js" as never)).toThrow(
      "workers-ws: serviceWorker(load) needs a function that evaluates the script",
    );
  });
});
