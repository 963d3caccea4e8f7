import { describe, expect, it } from "vitest";
import {
  createRuntime,
  fetch,
  Response,
  RoutePatternError,
  routedPatterns,
  routeWorker,
  routeWorkerModule,
  settle,
  UnroutedRequestError,
  WebSocket,
  WebSocketPair,
} from "workers-ws";
import { describeError, NEW, OLD, Trace, useRuntime } from "./support/trace.js";

// Routing: Workers registered under a host or URL prefix answer fetch() and new WebSocket(url) in
// memory. Client semantics follow workerd-websocket-api.md §8.4 (fetch with Upgrade) and §9
// (new WebSocket), and workerd-observed.md "27-new-websocket".

/** A Worker that says which Worker answered and what it was asked. */
const named = (name: string) => (request: Request) =>
  new Response(`${name} ${request.method} ${new URL(request.url).pathname}`);

/** An upgrading echo Worker that also records the upgrade requests it received. */
function echoWorker(requests: Request[] = [], answerProtocol?: string) {
  return (request: Request) => {
    requests.push(request);
    if (request.headers.get("Upgrade") !== "websocket")
      return new Response("Expected Upgrade: websocket", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    server.send("welcome");
    server.addEventListener("message", (event) => server.send(`echo ${String(event.data)}`));
    const headers = answerProtocol ? { "Sec-WebSocket-Protocol": answerProtocol } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  };
}

async function text(input: string, init?: RequestInit): Promise<string> {
  return (await fetch(input, init)).text();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return "resolved";
}

describe("route patterns", () => {
  // No network: an unrouted URL (even on loopback) must fail as unrouted, not try a real socket.
  useRuntime({ compatibilityDate: NEW, network: "none" });

  it("routes a host on every scheme and path, ignoring case", async () => {
    routeWorker("api.example", named("api"));
    expect(await text("https://api.example/a")).toBe("api GET /a");
    expect(await text("http://API.example/b?x=1", { method: "POST" })).toBe("api POST /b");
    await expect(fetch("https://other.example/")).rejects.toBeInstanceOf(UnroutedRequestError);
  });

  it("routes host:port only on that port", async () => {
    routeWorker("localhost:8787", named("local"));
    expect(await text("http://localhost:8787/")).toBe("local GET /");
    await expect(fetch("http://localhost:8788/")).rejects.toBeInstanceOf(UnroutedRequestError);
  });

  it("routes subdomains with a *. wildcard, but not the domain itself", async () => {
    routeWorker("*.rooms.example", named("rooms"));
    expect(await text("https://a.rooms.example/")).toBe("rooms GET /");
    expect(await text("https://b.c.rooms.example/")).toBe("rooms GET /");
    await expect(fetch("https://rooms.example/")).rejects.toBeInstanceOf(UnroutedRequestError);
  });

  it("asks the most specific pattern first: longer URL prefixes, then hosts, then wildcards", async () => {
    routeWorker("*.site.example", named("wildcard"));
    routeWorker("www.site.example", named("host"));
    routeWorker("https://www.site.example/api/", named("api"));
    routeWorker("https://www.site.example/api/v2/", named("v2"));
    expect(await text("https://www.site.example/api/v2/x")).toBe("v2 GET /api/v2/x");
    expect(await text("https://www.site.example/api/v1")).toBe("api GET /api/v1");
    expect(await text("https://www.site.example/")).toBe("host GET /");
    expect(await text("https://shop.site.example/")).toBe("wildcard GET /");
    expect(routedPatterns()).toEqual([
      "https://www.site.example/api/v2/",
      "https://www.site.example/api/",
      "www.site.example",
      "*.site.example",
    ]);
  });

  it("matches a URL prefix without a trailing slash at a path-segment boundary only", async () => {
    routeWorker("https://api.example/v1", named("v1"));
    expect(await text("https://api.example/v1")).toBe("v1 GET /v1");
    expect(await text("https://api.example/v1/users")).toBe("v1 GET /v1/users");
    expect(await text("https://api.example/v1?page=2")).toBe("v1 GET /v1");
    expect(await text("https://api.example/v1#top")).toBe("v1 GET /v1");
    for (const outside of [
      "https://api.example/v1evil",
      "https://api.example/v10",
      "https://api.example/v",
    ]) {
      await expect(fetch(outside), outside).rejects.toBeInstanceOf(UnroutedRequestError);
    }
  });

  it("matches everything below a URL prefix with a trailing slash, and not the bare path", async () => {
    routeWorker("https://api.example/v1/", named("v1"));
    expect(await text("https://api.example/v1/")).toBe("v1 GET /v1/");
    expect(await text("https://api.example/v1/a/b")).toBe("v1 GET /v1/a/b");
    await expect(fetch("https://api.example/v1")).rejects.toBeInstanceOf(UnroutedRequestError);
    await expect(fetch("https://api.example/v1evil")).rejects.toBeInstanceOf(UnroutedRequestError);
  });

  it("matches ws: and wss: URLs as http: and https:", async () => {
    routeWorker("https://chat.example/room/", echoWorker());
    const socket = new WebSocket("wss://chat.example/room/1");
    const trace = new Trace();
    trace.tap("ws", socket);
    await settle();
    expect(trace.lines).toEqual(["ws:open rs=1", "ws:message welcome rs=1"]);
    socket.close(1000);
    await settle();
  });

  it("removes a route with the function routeWorker returned", async () => {
    const unroute = routeWorker("gone.example", named("gone"));
    expect(await text("https://gone.example/")).toBe("gone GET /");
    unroute();
    unroute();
    await expect(fetch("https://gone.example/")).rejects.toBeInstanceOf(UnroutedRequestError);
    expect(routedPatterns()).toEqual([]);
  });

  it("names what is wrong with a bad pattern, a duplicate or a value that is not a Worker", () => {
    const cases: [unknown, string][] = [
      [
        "",
        'workers-ws: a route pattern must be a host ("chat.example"), a wildcard host ("*.chat.example") or a URL prefix ("https://chat.example/room/"); got "".',
      ],
      [
        "chat example",
        'workers-ws: the route pattern "chat example" is not a host ("chat.example", "localhost:8787"), a wildcard host ("*.chat.example") or a URL prefix with a scheme ("https://chat.example/room/").',
      ],
      [
        "ftp://files.example/",
        'workers-ws: the route pattern "ftp://files.example/" must use http, https, ws or wss (got ftp).',
      ],
      [
        "https://a.example/?q=1",
        'workers-ws: the route pattern "https://a.example/?q=1" must not have a query or fragment; it matches URLs that start with it.',
      ],
      [42, "workers-ws: a route pattern must be a host"],
    ];
    for (const [pattern, message] of cases) {
      let error: unknown;
      try {
        routeWorker(pattern as string, named("x"));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RoutePatternError);
      expect((error as Error).message.startsWith(message)).toBe(true);
    }
    routeWorker("twice.example", named("first"));
    expect(() => routeWorker("twice.example", named("second"))).toThrow(
      'workers-ws: "twice.example" is already routed; call the function the first routeWorker() returned to remove that route first.',
    );
    expect(() => routeWorker("w.example", { handle() {} } as never)).toThrow(/expected a Worker/);
    expect(() => routeWorker("o.example", named("x"), null as never)).toThrow(
      "workers-ws: routeWorker() options must be an object like { env }, got null.",
    );
    // Nothing was added by the refused call.
    expect(routedPatterns()).not.toContain("o.example");
  });
});

describe("fetch() to a routed Worker", () => {
  const env = useRuntime({ compatibilityDate: NEW });

  it("rejects an unrouted URL with an error that names both ways to reach it", async () => {
    const error = await rejection(fetch("https://nowhere.example/x"));
    expect(error).toBeInstanceOf(UnroutedRequestError);
    expect((error as UnroutedRequestError).url).toBe("https://nowhere.example/x");
    expect((error as Error).message).toBe(
      'workers-ws: nothing answers https://nowhere.example/x. Route it to a Worker in memory (the "routes" option or routeWorker()), or allow it over the network: the "network" option is "loopback", which does not reach nowhere.example (set "network" to "all", or list the host in it).',
    );
  });

  it("refuses URLs that are not http(s), routed or not, as workerd does", async () => {
    routeWorker("ws.example", named("ws"));
    for (const url of ["wss://ws.example/", "ftp://ws.example/file"]) {
      expect(describeError(await rejection(fetch(url, { headers: { Upgrade: "websocket" } })))).toBe(
        `TypeError: Fetch API cannot load: ${url}`,
      );
    }
  });

  it("gives the Worker the request (method, headers, body) and its env", async () => {
    routeWorker(
      "kv.example",
      async (request: Request, bindings: { PREFIX: string }) =>
        new Response(`${bindings.PREFIX}${request.headers.get("x-key")}=${await request.text()}`),
      { env: { PREFIX: "set " } },
    );
    expect(await text("https://kv.example/", { method: "PUT", headers: { "x-key": "k" }, body: "v" })).toBe(
      "set k=v",
    );
  });

  it("reaches one routed Worker from another one's handler", async () => {
    routeWorker("backend.example", named("backend"));
    routeWorker(
      "frontend.example",
      async () => new Response(`front+${await text("https://backend.example/data")}`),
    );
    expect(await text("https://frontend.example/")).toBe("front+backend GET /data");
  });

  it("rejects with the Worker's exception", async () => {
    routeWorker("throws.example", () => {
      throw new RangeError("handler failed");
    });
    expect(describeError(await rejection(fetch("https://throws.example/")))).toBe(
      "RangeError: handler failed",
    );
  });

  it("with Upgrade: websocket, resolves to a 101 whose webSocket the caller must accept()", async () => {
    routeWorker("echo.example", echoWorker());
    const response = await fetch("https://echo.example/", { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const socket = response.webSocket as WebSocket;
    // workerd §8.4: readyState 1 before accept(), url null, protocol and extensions "", no open event.
    expect([socket.readyState, socket.url, socket.protocol, socket.extensions]).toEqual([1, null, "", ""]);
    expect(describeError(thrownBy(() => socket.send("early")))).toBe(
      "TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
    );
    const trace = new Trace();
    trace.tap("caller", socket);
    await settle();
    expect(trace.lines).toEqual([]); // nothing is delivered before accept()
    socket.accept();
    socket.send("ping");
    await settle();
    expect(trace.lines).toEqual(["caller:message welcome rs=1", "caller:message echo ping rs=1"]);
    socket.close(1000, "done");
    await settle();
    expect(trace.lines.at(-1)).toBe("caller:close 1000 done true rs=3");
  });

  it("without Upgrade, gives the Worker's plain answer with webSocket null", async () => {
    routeWorker("echo.example", echoWorker());
    const response = await fetch("https://echo.example/");
    expect([response.status, await response.text(), response.webSocket]).toEqual([
      426,
      "Expected Upgrade: websocket",
      null,
    ]);
    expect(env.uncaught).toEqual([]);
  });
});

describe.each([OLD, NEW])("new WebSocket(url) to a routed Worker at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });

  it("is CONNECTING, then gets open and is OPEN; the Worker sees workerd's upgrade request", async () => {
    const requests: Request[] = [];
    routeWorker("chat.example", echoWorker(requests));
    const socket = new WebSocket("wss://user:pw@chat.example/room?x=1");
    expect([socket.readyState, socket.url, socket.protocol, socket.extensions]).toEqual([
      0,
      "wss://user:pw@chat.example/room?x=1",
      "",
      "",
    ]);
    const trace = new Trace();
    trace.tap("client", socket);
    await settle();
    expect(trace.lines).toEqual(["client:open rs=1", "client:message welcome rs=1"]);
    expect(
      requests.map((r) => [
        r.url,
        r.method,
        r.headers.get("upgrade"),
        r.headers.get("sec-websocket-version"),
      ]),
    ).toEqual([["https://chat.example/room?x=1", "GET", "websocket", "13"]]);
    expect(requests[0]?.headers.has("sec-websocket-protocol")).toBe(false);
    // workerd: without a Sec-WebSocket-Protocol answer the protocol reads null; permessage-deflate
    // is offered and negotiated (web_socket_compression, on at both dates).
    expect(requests[0]?.headers.get("sec-websocket-extensions")).toBe("permessage-deflate");
    expect([socket.protocol, socket.extensions]).toEqual([null, "permessage-deflate"]);
    socket.send("hi");
    await settle();
    expect(trace.lines.at(-1)).toBe("client:message echo hi rs=1");
    socket.close(1000, "bye");
    expect(socket.readyState).toBe(2);
    await settle();
    socket.close();
  });

  it("negotiates the subprotocol through Sec-WebSocket-Protocol", async () => {
    const requests: Request[] = [];
    routeWorker("chat.example", echoWorker(requests, "chat"));
    const socket = new WebSocket("ws://chat.example/", ["chat", "superchat"]);
    await settle();
    expect(requests[0]?.headers.get("sec-websocket-protocol")).toBe("chat, superchat");
    expect(requests[0]?.url).toBe("http://chat.example/");
    expect(socket.protocol).toBe("chat");
    socket.close(1000);
    await settle();
  });

  it("offers no extension without web_socket_compression, and extensions reads null", async () => {
    const requests: Request[] = [];
    const runtime = createRuntime({
      compatibilityDate: date,
      compatibilityFlags: ["no_web_socket_compression"],
    });
    const deactivate = runtime.activate();
    try {
      routeWorker("chat.example", echoWorker(requests));
      const socket = new WebSocket("wss://chat.example/");
      await settle();
      expect(requests[0]?.headers.has("sec-websocket-extensions")).toBe(false);
      expect(socket.extensions).toBeNull();
      socket.close(1000);
      await settle();
    } finally {
      deactivate();
      runtime.dispose();
    }
  });

  it("throws workerd's TypeError on accept() while connecting, and ignores accept() once open", async () => {
    routeWorker("chat.example", echoWorker());
    const socket = new WebSocket("wss://chat.example/");
    expect(describeError(thrownBy(() => socket.accept()))).toBe(
      "TypeError: Websockets obtained from the 'new WebSocket()' constructor cannot call accept",
    );
    expect(describeError(thrownBy(() => socket.send("early")))).toBe(
      "TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
    );
    await settle();
    expect(() => socket.accept()).not.toThrow();
    socket.close(1000);
    await settle();
  });

  it("fails an unrouted URL: error naming how to route it, then close 1006", async () => {
    const socket = new WebSocket("wss://unrouted.example/");
    const errors: unknown[] = [];
    socket.addEventListener("error", (event) => errors.push(event.error));
    const trace = new Trace();
    trace.tap("client", socket);
    await settle();
    expect(trace.lines).toEqual([
      // Before enhanced_error_serialization (2026-04-21) the error event's copy keeps only "Name: message".
      `client:error Uncaught ${date === OLD ? "Error: " : ""}UnroutedRequestError: workers-ws: nothing answers wss://unrouted.example/. Route it to a Worker in memory (the "routes" option or routeWorker()), or allow it over the network: the "network" option is "loopback", which does not reach unrouted.example (set "network" to "all", or list the host in it). rs=3`,
      "client:close 1006 Failed to establish websocket connection false rs=3",
    ]);
    expect((errors[0] as Error).message).toContain("nothing answers wss://unrouted.example/");
    expect(() => socket.send("x")).not.toThrow();
    expect(() => socket.close()).not.toThrow();
  });

  it("fails when the Worker does not answer 101, with workerd's message", async () => {
    routeWorker("plain.example", () => new Response("no", { status: 200 }));
    const socket = new WebSocket("wss://plain.example/");
    const trace = new Trace();
    trace.tap("client", socket);
    await settle();
    expect(trace.lines).toEqual([
      "client:error Uncaught TypeError: Failed to establish the WebSocket connection: expected server to reply with HTTP status code 101 (switching protocols), but received 200 instead. rs=3",
      "client:close 1006 Failed to establish websocket connection false rs=3",
    ]);
  });

  it("fails with status 500 when the Worker throws, and logs the exception as workerd does", async () => {
    routeWorker("throws.example", () => {
      throw new Error("handler failed");
    });
    const socket = new WebSocket("wss://throws.example/");
    const trace = new Trace();
    trace.tap("client", socket);
    await settle();
    expect(trace.lines[0]).toContain("but received 500 instead.");
    expect(env.uncaught.map(describeError)).toEqual(["Error: handler failed"]);
  });

  it("close() while connecting: readyState reads 1, then error and close 1006", async () => {
    routeWorker("chat.example", echoWorker());
    const socket = new WebSocket("wss://chat.example/");
    const trace = new Trace();
    trace.tap("client", socket);
    socket.close();
    expect(socket.readyState).toBe(1);
    await settle();
    expect(trace.lines).toEqual([
      "client:error Uncaught Error: Network connection lost. rs=3",
      "client:close 1006 Failed to establish websocket connection false rs=3",
    ]);
  });

  it("loads a module route on its first request only", async () => {
    let loads = 0;
    routeWorkerModule("lazy.example", async () => {
      loads++;
      return { fetch: named("lazy") };
    });
    expect(loads).toBe(0);
    expect(await text("https://lazy.example/1")).toBe("lazy GET /1");
    expect(await text("https://lazy.example/2")).toBe("lazy GET /2");
    expect(loads).toBe(1);
  });
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return "no error";
}
