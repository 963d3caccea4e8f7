// The same scenarios, run by a page whose socket reaches the Worker in memory (a route) and by a
// page whose socket is happy-dom's own network WebSocket (over ws) talking to the same Worker on a
// real port from serve(): the page sees the same events, data and close codes, and the Worker
// sees the same handshake. Where happy-dom's network socket differs from browsers, the in-memory
// one follows the browser, and the scenario says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openPage,
  type Page,
  type PageWebSocket,
  routeWorker,
  type ServedWorker,
  serve,
} from "vitest-environment-workers-ws";
import { echoWorker, type SeenHandshake } from "./support/workers.js";

interface Side {
  readonly name: string;
  readonly page: Page;
  /** The socket URL for `path` on this side's Worker. */
  url(path: string): string;
  readonly seen: SeenHandshake[];
}

const memorySeen: SeenHandshake[] = [];
const networkSeen: SeenHandshake[] = [];
let server: ServedWorker;
let memory: Side;
let network: Side;
let unroute: () => void;

beforeAll(async () => {
  unroute = routeWorker("echo.example", echoWorker({ seen: memorySeen }));
  server = await serve(echoWorker({ seen: networkSeen }));
  const base = new URL(server.url);
  memory = {
    name: "in memory",
    page: await openPage({ url: "https://echo.example/", html: "" }),
    url: (path) => `wss://echo.example${path}`,
    seen: memorySeen,
  };
  network = {
    name: "real port",
    page: await openPage({ url: base.href, html: "" }),
    url: (path) => `ws://${base.host}${path}`,
    seen: networkSeen,
  };
});
afterAll(async () => {
  await memory?.page.close();
  await network?.page.close();
  await server?.close();
  unroute?.();
});

/** Everything the page's socket dispatches, as text, until it closes. */
function traceOf(
  socket: PageWebSocket,
  page: Page,
  onOpen: (socket: PageWebSocket) => void,
): Promise<string[]> {
  const trace: string[] = [];
  return new Promise((resolve) => {
    socket.addEventListener("open", () => {
      trace.push(`open protocol=${JSON.stringify(socket.protocol)}`);
      onOpen(socket);
    });
    socket.addEventListener("message", async (event) => {
      const data = (event as unknown as { data: unknown }).data;
      if (typeof data === "string") trace.push(`message ${data}`);
      else {
        const blob = data as { arrayBuffer?: () => Promise<ArrayBuffer> };
        const kind = data instanceof page.Blob ? "the page's Blob" : Object.prototype.toString.call(data);
        const bytes = blob.arrayBuffer
          ? new Uint8Array(await blob.arrayBuffer())
          : new Uint8Array(data as ArrayBuffer);
        trace.push(`message ${kind} [${[...bytes]}]`);
      }
    });
    socket.addEventListener("close", (event) => {
      const { code, reason, wasClean } = event as unknown as {
        code: number;
        reason: string;
        wasClean: boolean;
      };
      trace.push(`close ${code} ${JSON.stringify(reason)} clean=${wasClean} readyState=${socket.readyState}`);
      resolve(trace);
    });
  });
}

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly protocols?: string[];
  readonly run: (socket: PageWebSocket, page: Page) => void;
  readonly expected: string[];
}

const scenarios: Scenario[] = [
  {
    name: "text both ways, then the page closes with a code and reason",
    path: "/text",
    run: (socket) => {
      socket.send("hi");
      socket.addEventListener("message", () => socket.close(1000, "done"), { once: true });
    },
    expected: ['open protocol=""', "message echo: hi", 'close 1000 "done" clean=true readyState=3'],
  },
  {
    name: "binary as the default Blob, then as ArrayBuffer",
    path: "/binary",
    run: (socket, page) => {
      socket.send(new Uint8Array([1, 2, 3]));
      socket.addEventListener(
        "message",
        () => {
          socket.binaryType = "arraybuffer";
          socket.send(new page.Blob([new Uint8Array([4, 5])]));
          socket.addEventListener("message", () => socket.close(), { once: true });
        },
        { once: true },
      );
    },
    expected: [
      'open protocol=""',
      "message the page's Blob [1,2,3]",
      "message [object ArrayBuffer] [4,5]",
      'close 1005 "" clean=true readyState=3',
    ],
  },
  {
    name: "the Worker closes with its own code and reason",
    path: "/server-close",
    run: (socket) => socket.send("close 4001 bye now"),
    expected: ['open protocol=""', 'close 4001 "bye now" clean=true readyState=3'],
  },
  {
    name: "a subprotocol is negotiated",
    path: "/protocols",
    protocols: ["chat.v2", "chat.v1"],
    run: (socket) => socket.close(3000),
    expected: ['open protocol="chat.v2"', 'close 3000 "" clean=true readyState=3'],
  },
];

describe.each(scenarios)("$name", (scenario) => {
  it("gives the same trace in memory and on a real port", async () => {
    const traces: string[][] = [];
    for (const side of [memory, network]) {
      const socket = new side.page.WebSocket(side.url(scenario.path), scenario.protocols);
      traces.push(await traceOf(socket, side.page, (s) => scenario.run(s, side.page)));
    }
    expect(traces[0]).toEqual(traces[1]);
    expect(traces[0]).toEqual(scenario.expected);
  });
});

it("the Worker sees the same handshake from both pages: the page's Origin, its cookies, the subprotocols", async () => {
  memorySeen.length = networkSeen.length = 0;
  for (const side of [memory, network]) {
    side.page.document.cookie = "sid=42";
    const socket = new side.page.WebSocket(side.url("/hello?x=1"), ["a"]);
    await traceOf(socket, side.page, (s) => s.close());
  }
  const normalized = (side: Side) =>
    side.seen.map((seen) => ({
      path: new URL(seen.url).pathname + new URL(seen.url).search,
      originIsPage: seen.origin === side.page.location.origin,
      cookie: seen.cookie,
      protocol: seen.protocol,
      userAgent: seen.userAgent,
    }));
  expect(normalized(memory)).toEqual(normalized(network));
  expect(normalized(memory)).toEqual([
    {
      path: "/hello?x=1",
      originIsPage: true,
      cookie: "sid=42",
      protocol: "a",
      userAgent: memory.page.navigator.userAgent,
    },
  ]);
});

it("a refused upgrade closes with 1006 on both; only in memory is it preceded by error, as in browsers", async () => {
  const refusing = { fetch: () => new Response("no", { status: 403 }) };
  const unrouteRefuse = routeWorker("refuse.example", refusing);
  const refusingServer = await serve(refusing);
  try {
    const events = async (page: Page, url: string) => {
      const socket = new page.WebSocket(url);
      const seen: string[] = [];
      socket.addEventListener("error", () => seen.push("error"));
      await new Promise<void>((resolve) =>
        socket.addEventListener("close", (event) => {
          seen.push(
            `close ${(event as unknown as { code: number; reason: string; wasClean: boolean }).code}`,
          );
          resolve();
        }),
      );
      return seen;
    };
    expect(await events(memory.page, "wss://refuse.example/")).toEqual(["error", "close 1006"]);
    // happy-dom's network WebSocket skips the error event that WHATWG and Chromium fire here.
    expect(await events(network.page, refusingServer.url.replace("http", "ws"))).toEqual(["close 1006"]);
  } finally {
    unrouteRefuse();
    await refusingServer.close();
  }
});
