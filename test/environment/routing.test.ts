import { afterEach, describe, expect, it } from "vitest";
import {
  dispatchFetch,
  routeWorker,
  UnroutedRequestError,
  type WebSocket as WorkersWebSocket,
  workersGlobals,
} from "vitest-environment-workers-ws";

// In the workers-ws environment, the fetch global and new WebSocket(url) go through the routes
// of the file's runtime, from the test and from Worker code.

const unroutes: (() => void)[] = [];
afterEach(() => {
  for (const unroute of unroutes.splice(0)) unroute();
});

/** An upgrading Worker that greets with its name and echoes. */
const greeter = (name: string) => (request: Request) => {
  if (request.headers.get("Upgrade") !== "websocket") return new Response(`plain ${name}`);
  const [client, server] = new WebSocketPair();
  server.accept();
  server.send(`hello from ${name}`);
  server.addEventListener("message", (event) => server.send(`${name}: ${String(event.data)}`));
  return new Response(null, { status: 101, webSocket: client } as ResponseInit);
};

describe("routing in the workers-ws environment", () => {
  it("installs the routed fetch as the global", () => {
    expect(globalThis.fetch).toBe(workersGlobals.fetch);
  });

  it("rejects an unrouted URL instead of going to the network", async () => {
    await expect(fetch("https://example.com/")).rejects.toBeInstanceOf(UnroutedRequestError);
  });

  it("reaches a routed Worker with fetch(), plain and with Upgrade: websocket", async () => {
    unroutes.push(routeWorker("a.example", greeter("a")));
    expect(await (await fetch("https://a.example/")).text()).toBe("plain a");
    const response = await fetch("https://a.example/", { headers: { Upgrade: "websocket" } });
    const socket = response.webSocket as WorkersWebSocket;
    expect(socket).toHaveReadyState("OPEN");
    socket.accept(); // as in workerd, the caller accepts the socket fetch() gave it
    await expect(socket).toReceiveMessage("hello from a");
    socket.close(1000);
    await expect(socket).toClose({ code: 1000 });
  });

  it("reaches a routed Worker with new WebSocket(url)", async () => {
    unroutes.push(routeWorker("b.example", greeter("b")));
    const socket = new WebSocket("wss://b.example/") as unknown as WorkersWebSocket;
    expect(socket).toHaveReadyState("CONNECTING");
    await expect(socket).toReceiveMessage("hello from b");
    expect(socket).toHaveReadyStateHistory(["CONNECTING", "OPEN"]);
    socket.close(1000);
    await expect(socket).toClose({ code: 1000 });
  });

  it("routes Worker code's own fetch() and new WebSocket() the same way", async () => {
    unroutes.push(routeWorker("b.example", greeter("b")));
    const relay = async () => {
      const socket = new WebSocket("wss://b.example/");
      const first = await new Promise<string>((resolve) =>
        socket.addEventListener("message", (event) => resolve(String(event.data)), { once: true }),
      );
      socket.close(1000);
      const plain = await (await fetch("https://b.example/")).text();
      return new Response(`${first} / ${plain}`);
    };
    const response = await dispatchFetch(relay, "https://relay.example/");
    expect(await response.text()).toBe("hello from b / plain b");
  });
});
