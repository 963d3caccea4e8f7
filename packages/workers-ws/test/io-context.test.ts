import { describe, expect, it, vi } from "vitest";
import {
  createIoContext,
  dispatchFetch,
  fetch,
  Response,
  readyStateOf,
  routeWorker,
  settle,
  type WebSocket,
  WebSocketPair,
} from "workers-ws";
import { describeError, NEW, OLD, Trace, thrownBy, useRuntime } from "./support/trace.js";

// A WebSocket belongs to the request whose handler made it; workerd refuses its I/O from any other
// request's handler, and the test body counts as a request of its own (conformance
// 36-request-context, recorded in workerd 2026-11-17 at both dates).

const CROSS_REQUEST =
  "Error: Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) created in the context of one request handler cannot be accessed from a different request's handler. This is a limitation of Cloudflare Workers which allows us to improve overall performance. (I/O type: Native)";

const upgrade = { headers: { Upgrade: "websocket" } };

/** What each member of `ws` does when touched from here: its value, or the error it threw. */
function probe(ws: WebSocket): Record<string, unknown> {
  const outcome = (fn: () => unknown) => {
    const error = thrownBy(fn);
    return error === "no error" ? fn() : describeError(error);
  };
  return {
    readyState: outcome(() => ws.readyState),
    bufferedAmount: outcome(() => ws.bufferedAmount),
    url: outcome(() => ws.url),
    binaryType: outcome(() => ws.binaryType),
    addEventListener: outcome(() => ws.addEventListener("message", () => {})),
    accept: describeError(thrownBy(() => ws.accept())),
    send: describeError(thrownBy(() => ws.send("x"))),
    close: describeError(thrownBy(() => ws.close(1000))),
  };
}

const REFUSED = {
  readyState: CROSS_REQUEST,
  bufferedAmount: CROSS_REQUEST,
  url: null,
  binaryType: "blob",
  addEventListener: undefined,
  accept: CROSS_REQUEST,
  send: CROSS_REQUEST,
  close: CROSS_REQUEST,
};

describe.each([OLD, NEW])("I/O contexts at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });
  const binaryType = date === OLD ? "arraybuffer" : "blob";

  it("refuses a socket's I/O in a later request, but not its url, binaryType or listeners", async () => {
    let kept: WebSocket[] = [];
    await dispatchFetch(() => {
      kept = Object.values(new WebSocketPair());
      return new Response("a");
    }, "https://w.example/a");
    let seen: Record<string, unknown> = {};
    await dispatchFetch(() => {
      seen = probe(kept[1] as WebSocket);
      return new Response("b");
    }, "https://w.example/b");
    expect(seen).toEqual({ ...REFUSED, binaryType });
  });

  it("refuses the test body's sockets in a handler, and a handler's sockets in the test body", async () => {
    const { 0: mine } = new WebSocketPair();
    let seen: Record<string, unknown> = {};
    let theirs: WebSocket | undefined;
    await dispatchFetch(() => {
      seen = probe(mine);
      theirs = new WebSocketPair()[0];
      return new Response("ok");
    }, "https://w.example/");
    expect(seen).toEqual({ ...REFUSED, binaryType });
    expect(probe(theirs as WebSocket)).toEqual({ ...REFUSED, binaryType });
    // The test's own socket is untouched by the refused calls.
    expect(mine.readyState).toBe(1);
    // readyStateOf() is for test tools: it reads any socket.
    expect(readyStateOf(theirs as WebSocket)).toBe(1);
  });

  it("rejects the caller's fetch when a handler returns another request's WebSocket", async () => {
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    const returned = dispatchFetch(
      () => new Response(null, { status: 101, webSocket: client }),
      "https://w.example/",
      upgrade,
    );
    expect(describeError(await returned.catch((error: unknown) => error))).toBe(CROSS_REQUEST);
    expect(server.readyState).toBe(1);
  });

  it("runs a socket's listeners in its own request: a module-level broadcast fails across requests", async () => {
    // A Worker without a Durable Object, keeping its members in a module-level Set.
    const members = new Set<WebSocket>();
    const outcomes: string[] = [];
    const worker = {
      fetch(): Response {
        const { 0: client, 1: server } = new WebSocketPair();
        server.accept();
        members.add(server);
        server.addEventListener("message", (event) => {
          for (const member of members) {
            const error = thrownBy(() => member.send(`${String(event.data)}`));
            outcomes.push(error === "no error" ? "sent" : describeError(error));
          }
        });
        return new Response(null, { status: 101, webSocket: client });
      },
    };
    const ada = (await dispatchFetch(worker, "https://chat.example/", upgrade)).webSocket as WebSocket;
    const bob = (await dispatchFetch(worker, "https://chat.example/", upgrade)).webSocket as WebSocket;
    const trace = new Trace();
    trace.tap("ada", ada);
    trace.tap("bob", bob);
    ada.accept();
    bob.accept();
    ada.send("hello");
    await settle();
    // ada's listener runs in ada's request: its own socket works, bob's is another request's.
    expect(outcomes).toEqual(["sent", CROSS_REQUEST]);
    expect(trace.lines).toEqual(["ada:message hello rs=1"]);
  });

  it("lets requests dispatched with one createIoContext() share their sockets, as a Durable Object's do", async () => {
    const members = new Set<WebSocket>();
    const worker = () => {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      for (const member of members) member.send("someone joined");
      members.add(server);
      return new Response(null, { status: 101, webSocket: client });
    };
    const room = createIoContext();
    const first = (await dispatchFetch(worker, "https://chat.example/", upgrade, { ioContext: room }))
      .webSocket as WebSocket;
    const trace = new Trace();
    trace.tap("first", first);
    first.accept();
    await dispatchFetch(worker, "https://chat.example/", upgrade, { ioContext: room });
    await settle();
    expect(trace.lines).toEqual(["first:message someone joined rs=1"]);
  });

  it("runs test code in a request's context with ioContext.run(), fake timers included", async () => {
    vi.useFakeTimers();
    const room = createIoContext();
    const received: string[] = [];
    let kept: WebSocket | undefined;
    try {
      await dispatchFetch(
        () => {
          const { 0: client, 1: server } = new WebSocketPair();
          server.accept();
          client.accept();
          client.addEventListener("message", (event) => received.push(String(event.data)));
          kept = server;
          // Heartbeats: their callbacks belong to the request, but a fake timer fires in the code
          // that advances it.
          setTimeout(() => server.send("ping 1"), 1000);
          setTimeout(() => server.send("ping 2"), 2000);
          return new Response("ok");
        },
        "https://w.example/",
        undefined,
        { ioContext: room },
      );
      expect(describeError(thrownBy(() => vi.advanceTimersByTime(1000)))).toBe(CROSS_REQUEST);
      room.run(() => vi.advanceTimersByTime(1000));
      expect(room.run(() => (kept as WebSocket).readyState)).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    await settle();
    expect(received).toEqual(["ping 2"]);
    expect(() => room.run("not a function" as never)).toThrow(
      "workers-ws: ioContext.run(fn) needs a function, got string.",
    );
  });

  it("gives each routed request its own context", async () => {
    let kept: WebSocket | undefined;
    const outcomes: string[] = [];
    const unroute = routeWorker("routed.example", {
      fetch(request: Request): Response {
        if (new URL(request.url).pathname === "/make") {
          kept = new WebSocketPair()[1];
          return new Response("made");
        }
        outcomes.push(describeError(thrownBy(() => (kept as WebSocket).accept())));
        return new Response("used");
      },
    });
    try {
      await fetch("https://routed.example/make");
      await fetch("https://routed.example/use");
    } finally {
      unroute();
    }
    expect(outcomes).toEqual([CROSS_REQUEST]);
  });

  it("refuses an ioContext that createIoContext() did not make", async () => {
    await expect(
      dispatchFetch(() => new Response("x"), "https://w.example/", undefined, {
        ioContext: {} as never,
      }),
    ).rejects.toThrow('dispatchFetch() option "ioContext" must come from createIoContext(), got an object');
    expect(env.uncaught).toEqual([]);
  });
});
