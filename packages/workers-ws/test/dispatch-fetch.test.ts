import { describe, expect, it } from "vitest";
import {
  createExecutionContext,
  createIoContext,
  dispatchFetch,
  type ExecutionContext,
  Response,
  settle,
  WebSocket,
  WebSocketPair,
  WorkerShapeError,
  waitOnExecutionContext,
} from "workers-ws";
import { describeError, NEW, OLD, Trace, useRuntime } from "./support/trace.js";

// dispatchFetch hands a request to a Worker and returns the Response as workerd's caller sees it
// (workerd-observed.md §3 "17-response-return", workerd-websocket-api.md §8.3).

const upgrade = (url = "https://worker.example/") => new Request(url, { headers: { Upgrade: "websocket" } });

/** A Worker that upgrades and echoes, keeping the server end; `kept` collects the ends it kept. */
function echoWorker(kept: WebSocket[] = []) {
  return {
    fetch(): Response {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      server.addEventListener("message", (event) => server.send(`echo ${String(event.data)}`));
      kept.push(server);
      return new Response(null, { status: 101, webSocket: client });
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return describeError(error);
  }
  return "resolved";
}

describe("Worker shapes", () => {
  useRuntime({ compatibilityDate: NEW });

  it("calls a module Worker's fetch with the request, env and ctx", async () => {
    const seen: unknown[] = [];
    const worker = {
      fetch(request: Request, env: { NAME: string }, ctx: ExecutionContext) {
        seen.push(request.url, env.NAME, typeof ctx.waitUntil);
        return new Response("module");
      },
    };
    const response = await dispatchFetch(worker, "https://a.example/x", undefined, { env: { NAME: "n" } });
    expect(await response.text()).toBe("module");
    expect(seen).toEqual(["https://a.example/x", "n", "function"]);
  });

  it("constructs a class entrypoint per request with (ctx, env) and calls its fetch", async () => {
    const instances: unknown[] = [];
    class Entrypoint {
      env: unknown;
      ctx: unknown;
      constructor(ctx: ExecutionContext, env: unknown) {
        this.ctx = ctx;
        this.env = env;
        instances.push(this);
      }
      fetch(request: Request) {
        return new Response(`${new URL(request.url).pathname} ${(this.env as { V: number }).V}`);
      }
    }
    const first = await dispatchFetch(Entrypoint, "https://a.example/one", undefined, { env: { V: 1 } });
    const second = await dispatchFetch(Entrypoint, "https://a.example/two", undefined, { env: { V: 2 } });
    expect([await first.text(), await second.text()]).toEqual(["/one 1", "/two 2"]);
    expect(instances).toHaveLength(2);
    expect(instances[0]).not.toBe(instances[1]);
  });

  it("calls a plain (request, env, ctx) function", async () => {
    const response = await dispatchFetch(
      (request: Request) => new Response(request.method),
      "https://a.example/",
      {
        method: "POST",
      },
    );
    expect(await response.text()).toBe("POST");
  });

  it("names what is wrong with a value that is not a Worker", async () => {
    await expect(dispatchFetch({ handle() {} } as never, "https://a.example/")).rejects.toThrow(
      new WorkerShapeError(
        "workers-ws: expected a Worker (an object with fetch(), a class with fetch() on its prototype, or a (request, env, ctx) function), got an object without fetch() (keys: handle).",
      ),
    );
    class NoFetch {}
    await expect(dispatchFetch(NoFetch as never, "https://a.example/")).rejects.toThrow(
      "workers-ws: the Worker class NoFetch has no fetch() method; add one to its prototype.",
    );
  });

  it("rejects a handler result that is not a Response with workerd's two messages", async () => {
    // workerd (conformance 32-dispatch handlerReturnsWrongType): a synchronous result is checked
    // against 'Promise' first, a promise's value against 'Response'.
    expect(await rejection(dispatchFetch(() => "text", "https://a.example/"))).toBe(
      "TypeError: Callback returned incorrect type; expected 'Promise'",
    );
    expect(await rejection(dispatchFetch(() => undefined, "https://a.example/"))).toBe(
      "TypeError: Callback returned incorrect type; expected 'Promise'",
    );
    expect(await rejection(dispatchFetch(async () => "text", "https://a.example/"))).toBe(
      "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'.",
    );
    const response = await dispatchFetch(() => new Response("sync"), "https://a.example/");
    expect(await response.text()).toBe("sync");
  });

  it("rejects with the handler's own exception", async () => {
    expect(
      await rejection(
        dispatchFetch(() => {
          throw new RangeError("boom");
        }, "https://a.example/"),
      ),
    ).toBe("RangeError: boom");
  });
});

describe.each([OLD, NEW])("returning a WebSocket at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });

  it("gives the caller a new end at readyState 1, coupled to the end the Worker kept", async () => {
    const kept: WebSocket[] = [];
    const response = await dispatchFetch(echoWorker(kept), upgrade());
    expect(response.status).toBe(101);
    const socket = response.webSocket as WebSocket;
    expect(socket).toBeInstanceOf(WebSocket);
    expect(socket).not.toBe(kept[0]);
    expect([socket.readyState, socket.url, socket.protocol, socket.extensions]).toEqual([1, null, "", ""]);
    const trace = new Trace();
    trace.tap("caller", socket);
    socket.accept();
    socket.send("hi");
    await settle();
    expect(trace.lines).toEqual(["caller:message echo hi rs=1"]);
  });

  it("rejects a 101 to a request without Upgrade: websocket", async () => {
    expect(await rejection(dispatchFetch(echoWorker(), "https://worker.example/"))).toBe(
      'TypeError: Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket".',
    );
  });

  it("couples an end only once: returned again, it is logged and that caller's socket is lost", async () => {
    // Two requests can only return the same end when they share an I/O context (a Durable
    // Object's); otherwise the second one fails first (see "I/O contexts" below).
    const shared = createIoContext();
    let kept: { client: WebSocket; server: WebSocket } | undefined;
    const worker = () => {
      if (!kept) {
        const { 0: client, 1: server } = new WebSocketPair();
        server.accept();
        kept = { client, server };
      }
      return new Response(null, { status: 101, webSocket: kept.client });
    };
    const first = await dispatchFetch(worker, upgrade(), undefined, { ioContext: shared });
    const second = await dispatchFetch(worker, upgrade(), undefined, { ioContext: shared });
    expect(env.uncaught.map(describeError)).toEqual([
      "TypeError: Can't return WebSocket that was already used in a response.",
    ]);
    const { client, server } = kept as { client: WebSocket; server: WebSocket };
    const holder: unknown[] = [];
    await dispatchFetch(
      () => {
        holder.push(describeError(thrown(() => client.accept())));
        client.send("ignored");
        holder.push(client.readyState);
        return new Response("checked");
      },
      "https://a.example/",
      undefined,
      { ioContext: shared },
    );
    expect(holder).toEqual(["TypeError: Can't accept() WebSocket that was already used in a response.", 1]);
    // The first caller's end talks to the server end; the second one's connection is gone.
    const trace = new Trace();
    trace.tap("s", server);
    trace.tap("second", second.webSocket as WebSocket);
    (first.webSocket as WebSocket).accept();
    (first.webSocket as WebSocket).send("through");
    (second.webSocket as WebSocket).accept();
    await settle();
    expect(trace.lines).toEqual([
      "s:message through rs=1",
      "second:close 1006 WebSocket disconnected without sending Close frame. false rs=1",
    ]);
  });

  // Observed in workerd (conformance 32-dispatch): the refusals of couple() are only logged, and
  // the caller's socket loses its connection: close 1006 (rs still 1), then an error if it sent.
  it.each([
    [
      "an accepted end",
      () => {
        const { 0: client } = new WebSocketPair();
        client.accept();
        return client;
      },
      "TypeError: Can't return WebSocket in a Response after calling accept().",
    ],
    [
      "a new WebSocket() end",
      () => new WebSocket("wss://nowhere.example/"),
      "TypeError: Can't return WebSocket in a Response if it was created with `new WebSocket()`",
    ],
  ])("logs %s; the caller's socket then loses its connection", async (_label, end, logged) => {
    const response = await dispatchFetch(
      () => new Response(null, { status: 101, webSocket: end() }),
      upgrade(),
    );
    expect(response.status).toBe(101);
    expect(response.statusText).toBe("Switching Protocols");
    expect(env.uncaught.map(describeError)).toEqual([logged]);
    const socket = response.webSocket as WebSocket;
    const trace = new Trace();
    trace.tap("caller", socket);
    socket.accept();
    socket.send("lost");
    await settle();
    expect(trace.lines).toEqual([
      "caller:close 1006 WebSocket disconnected without sending Close frame. false rs=1",
      "caller:error Uncaught Error: Network connection lost. rs=3",
    ]);
  });

  it("ends the close handshake cleanly on the Worker's end (no error after it, unlike a pair)", async () => {
    const kept: WebSocket[] = [];
    const shared = createIoContext();
    const response = await dispatchFetch(echoWorker(kept), upgrade(), undefined, { ioContext: shared });
    const trace = new Trace();
    trace.tap("server", kept[0] as WebSocket);
    const socket = response.webSocket as WebSocket;
    trace.tap("caller", socket);
    socket.accept();
    socket.close(1000, "done");
    await settle();
    const serverEnd = kept[0] as WebSocket;
    if (date === OLD) {
      expect(trace.lines).toEqual(["server:close 1000 done true rs=2"]);
      // The Worker's end answers from a request of its context (the test's own would throw).
      await dispatchFetch(
        () => {
          serverEnd.close(1000, "done");
          return new Response("closed");
        },
        "https://a.example/",
        undefined,
        { ioContext: shared },
      );
      await settle();
      expect(trace.lines.slice(1)).toEqual(["caller:close 1000 done true rs=3"]);
    } else {
      expect(trace.lines).toEqual(["server:close 1000 done true rs=3", "caller:close 1000 done true rs=3"]);
    }
  });
});

describe("ExecutionContext", () => {
  const env = useRuntime({ compatibilityDate: NEW });

  it("lets the test await the handler's waitUntil() promises, including ones added late", async () => {
    const done: string[] = [];
    const ctx = createExecutionContext();
    await dispatchFetch(
      (_request: Request, _env: unknown, c: ExecutionContext) => {
        c.waitUntil(
          new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => {
            done.push("first");
            c.waitUntil(Promise.resolve().then(() => done.push("added later")));
          }),
        );
        return new Response("ok");
      },
      "https://a.example/",
      undefined,
      { ctx },
    );
    expect(done).toEqual([]);
    await waitOnExecutionContext(ctx);
    expect(done).toEqual(["first", "added later"]);
  });

  it("rethrows the first rejected waitUntil() promise once all have settled", async () => {
    const ctx = createExecutionContext();
    let later = false;
    ctx.waitUntil(Promise.reject(new Error("failed in background")));
    ctx.waitUntil(new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => (later = true)));
    await expect(waitOnExecutionContext(ctx)).rejects.toThrow("failed in background");
    expect(later).toBe(true);
  });

  it("logs the waitUntil() rejections of a request dispatched without a ctx, as workerd does", async () => {
    await dispatchFetch((_request: Request, _env: unknown, c: ExecutionContext) => {
      c.waitUntil(Promise.reject(new Error("background failure")));
      return new Response("ok");
    }, "https://a.example/");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(env.uncaught.map(describeError)).toEqual(["Error: background failure"]);
  });

  it("refuses waitUntil() without a promise, with workerd's message", () => {
    const ctx = createExecutionContext();
    expect(describeError(thrown(() => (ctx.waitUntil as () => void)()))).toBe(
      "TypeError: Failed to execute 'waitUntil' on 'ExecutionContext': parameter 1 is not of type 'Promise'.",
    );
  });

  it("refuses waitUntil() taken off ctx, as workerd's brand check does (checked in workerd)", () => {
    const ctx = createExecutionContext();
    const { waitUntil, passThroughOnException } = ctx;
    const illegal =
      "TypeError: Illegal invocation: function called with incorrect `this` reference. See https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.";
    expect(describeError(thrown(() => waitUntil(Promise.resolve())))).toBe(illegal);
    expect(describeError(thrown(() => waitUntil.call({}, Promise.resolve())))).toBe(illegal);
    expect(describeError(thrown(() => passThroughOnException()))).toBe(illegal);
  });

  it("names a value that is not an ExecutionContext given to waitOnExecutionContext()", async () => {
    await expect(waitOnExecutionContext({} as never)).rejects.toThrow(
      "workers-ws: waitOnExecutionContext() needs the ExecutionContext given to the handler (from createExecutionContext()), got an object.",
    );
  });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return "no error";
}
