import { afterEach, describe, expect, it } from "vitest";
import {
  createDurableObjectNamespace,
  DurableObject,
  type DurableObjectState,
  type DurableObjectStub,
  durableObjectInfo,
  evictDurableObject,
  Response,
  runInDurableObject,
  settle,
  WebSocket,
} from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

/** A room that accepts hibernatable sockets tagged with the room and the user, and echoes. */
class Room extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const user = new URL(request.url).searchParams.get("user") ?? "anon";
    const [client, server] = new WebSocketPair();
    this.ctx.acceptWebSocket(server, ["room:garden", `user:${user}`]);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    ws.send(`echo: ${String(message)}`);
  }
  webSocketClose(ws: WebSocket, code: number, reason: string): void {
    // 1005/1006 cannot be sent back (the teardown of a test file ends its sockets with 1006).
    if (code !== 1005 && code !== 1006) ws.close(code, reason);
  }
}

function rooms() {
  return createDurableObjectNamespace({
    className: "Room",
    bindingName: "ROOMS",
    load: () => Room,
    env: () => ({}),
  });
}

async function join(stub: ReturnType<ReturnType<typeof rooms>["getByName"]>, user: string) {
  const response = await stub.fetch(`https://room.example/?user=${user}`, {
    headers: { Upgrade: "websocket" },
  });
  const client = response.webSocket as WebSocket;
  client.accept();
  clients.push(client);
  return client;
}

/** The clients each test opened, closed after it (so no socket is left over at the file's end). */
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) if (client.readyState === WebSocket.OPEN) client.close(1000, "end");
  await settle();
});

/** The object's end of its only socket. */
function serverEnd(stub: Parameters<typeof runInDurableObject>[0]): Promise<WebSocket> {
  return runInDurableObject(
    stub,
    (_: unknown, state: DurableObjectState) => state.getWebSockets()[0] as WebSocket,
  );
}

describe("durableObjectInfo", () => {
  it("reports the object without constructing it", async () => {
    const stub = rooms().getByName("garden");
    expect(durableObjectInfo(stub)).toMatchObject({
      name: "garden",
      className: "Room",
      bindingName: "ROOMS",
      constructions: 0,
      hibernated: false,
    });
    expect(durableObjectInfo(stub).id).toBe(stub.id.toString());
    expect(() => durableObjectInfo({} as never)).toThrow(
      "workers-ws: durableObjectInfo() needs a Durable Object stub (from namespace.get(id) or getByName(name)), got an object.",
    );
  });
});

describe("toHaveWebSocketTags", () => {
  it("passes on the exact tags, in order, inside the object and on getWebSockets() results", async () => {
    const stub = rooms().getByName("garden");
    const client = await join(stub, "ada");
    await runInDurableObject(stub, (_: unknown, state: DurableObjectState) => {
      const [ws] = state.getWebSockets();
      expect(ws).toHaveWebSocketTags(["room:garden", "user:ada"]);
      expect(ws).toHaveWebSocketTags(state.getTags(ws as WebSocket));
      expect(ws).not.toHaveWebSocketTags(["user:ada", "room:garden"]);
      expect(ws).not.toHaveWebSocketTags(["room:garden"]);
    });
    const ws = await serverEnd(stub);
    expect(() =>
      expect(ws).toHaveWebSocketTags(["room:garden", "user:bob"]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveWebSocketTags(tags)

      Expected tags: ["room:garden","user:bob"]
      Received tags: ["room:garden","user:ada"] (accepted by ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010)

      Transcript (1 entry):
        1. acceptWebSocket(["room:garden","user:ada"]) by ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010]
    `);
    expect(() => expect(client).toHaveWebSocketTags([])).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveWebSocketTags(tags)

      Expected tags: []
      Received: not a hibernatable socket (never accepted with state.acceptWebSocket()), so it has no tags

      Transcript (1 entry):
        1. accept()]
    `);
  });

  it("keeps the tags across an eviction", async () => {
    const stub = rooms().getByName("garden");
    await join(stub, "ada");
    await evictDurableObject(stub);
    const ws = await serverEnd(stub);
    expect(ws).toHaveWebSocketTags(["room:garden", "user:ada"]);
  });

  it("fails clearly on a socket that is not hibernatable, and on bad arguments", () => {
    const [client, server] = acceptedPair();
    expect(() => expect(server).toHaveWebSocketTags(["a"])).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveWebSocketTags(tags)

      Expected tags: ["a"]
      Received: not a hibernatable socket (never accepted with state.acceptWebSocket()), so it has no tags

      Transcript (1 entry):
        1. accept()]
    `);
    expect(() => expect(server).toHaveWebSocketTags("a" as never)).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveWebSocketTags(tags)

      The expected tags must be an array of strings; got "a".]
    `);
    expect(server).not.toHaveWebSocketTags([]);
    client.close(1000, "end");
    server.close(1000, "end");
  });
});

describe("toBeHibernated and toHaveBeenConstructed", () => {
  it("follow the object through construction, eviction and re-construction", async () => {
    const stub = rooms().getByName("garden");
    expect(stub).not.toBeHibernated();
    expect(stub).toHaveBeenConstructed(0);
    expect(stub).not.toHaveBeenConstructed();
    const client = await join(stub, "ada");
    expect(stub).toHaveBeenConstructed(1);
    expect(stub).not.toBeHibernated();
    await evictDurableObject(stub);
    expect(stub).toBeHibernated();
    expect(stub).toHaveBeenConstructed(1);
    // A message to a hibernatable socket wakes the object: a second instance.
    client.send("wake");
    await expect(client).toReceiveMessage("echo: wake");
    expect(stub).not.toBeHibernated();
    expect(stub).toHaveBeenConstructed(2);
    expect(stub).toHaveBeenConstructed();
  });

  it("say what the object's state is when they fail", async () => {
    const stub = rooms().getByName("garden");
    expect(() => expect(stub).toBeHibernated()).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(stub).toBeHibernated()

      Expected: ROOMS (Room) "garden" hibernated
      Received: never constructed]
    `);
    await join(stub, "ada");
    expect(() => expect(stub).toBeHibernated()).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(stub).toBeHibernated()

      Expected: ROOMS (Room) "garden" hibernated
      Received: in memory (1 construction)]
    `);
    expect(() => expect(stub).toHaveBeenConstructed(2)).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(stub).toHaveBeenConstructed(times)

      Expected: ROOMS (Room) "garden" constructed 2 times
      Received: 1 construction, in memory now]
    `);
    await evictDurableObject(stub);
    expect(() => expect(stub).not.toBeHibernated()).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(stub).not.toBeHibernated()

      Expected: ROOMS (Room) "garden" not hibernated
      Received: hibernated (no instance in memory; 1 construction)]
    `);
    expect(() => expect(stub).not.toHaveBeenConstructed(1)).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(stub).not.toHaveBeenConstructed(times)

      Expected: ROOMS (Room) "garden" not constructed 1 time
      Received: 1 construction, hibernated now]
    `);
  });

  it("refuse what is not a stub, and a bad count", () => {
    const stub = rooms().getByName("garden");
    expect(() => expect({}).toBeHibernated()).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(stub).toBeHibernated()

      The received value must be a Durable Object stub (namespace.get(id), getByName(name)); got a plain object.]
    `);
    expect(() => expect(stub).toHaveBeenConstructed(-1)).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(stub).toHaveBeenConstructed(times)

      The times must be a whole number, 0 or more; got -1.]
    `);
  });
});

describe("toHaveDeliveredToHandler and toDeliverToHandler", () => {
  it("find the handler calls of a socket's transcript, with their message or close", async () => {
    const stub = rooms().getByName("garden");
    const client = await join(stub, "ada");
    client.send("hi");
    await expect(client).toReceiveMessage("echo: hi");
    const ws = await serverEnd(stub);
    expect(ws).toHaveDeliveredToHandler("webSocketMessage");
    expect(ws).toHaveDeliveredToHandler("webSocketMessage", "hi");
    expect(ws).toHaveDeliveredToHandler("webSocketMessage", expect.stringContaining("h"));
    expect(ws).not.toHaveDeliveredToHandler("webSocketMessage", "bye");
    expect(ws).not.toHaveDeliveredToHandler("webSocketClose");
    expect(() =>
      expect(ws).toHaveDeliveredToHandler("webSocketMessage", "bye"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveDeliveredToHandler(handler, expected)

      Expected a webSocketMessage() call with "bye"
      Handler calls (1):
        1. webSocketMessage(ws, "hi")

      Transcript (4 entries):
        1. acceptWebSocket(["room:garden","user:ada"]) by ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010
        2. received "hi"
        3. → ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010 webSocketMessage()
        4. sent "echo: hi"]
    `);
    client.close(4000, "done");
    await expect(ws).toDeliverToHandler("webSocketClose", { code: 4000, reason: "done" });
    expect(ws).toHaveDeliveredToHandler("webSocketClose", { code: 4000 });
    expect(ws).not.toHaveDeliveredToHandler("webSocketClose", { code: 1000 });
    expect(() =>
      expect(ws).not.toHaveDeliveredToHandler("webSocketClose"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveDeliveredToHandler(handler)

      Expected no webSocketClose() call
      Handler calls (2), call 2 matches:
        1. webSocketMessage(ws, "hi")
        2. webSocketClose(ws, code 4000, reason "done", clean)

      Transcript (7 entries):
        1. acceptWebSocket(["room:garden","user:ada"]) by ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010
        2. received "hi"
        3. → ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010 webSocketMessage()
        4. sent "echo: hi"
        5. close event: code 4000, reason "done", clean
        6. readyState OPEN → CLOSING (close frame received)
        7. → ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010 webSocketClose()]
    `);
  });

  it("waits for a call to come, and fails after the timeout with the calls there were", async () => {
    const stub = rooms().getByName("garden");
    const client = await join(stub, "ada");
    const ws = await serverEnd(stub);
    const waiting = expect(ws).toDeliverToHandler("webSocketMessage", "later");
    client.send("later");
    await waiting;
    await expect(
      expect(ws).toDeliverToHandler("webSocketMessage", "never", { timeout: 20 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toDeliverToHandler(handler, expected)

      Expected a webSocketMessage() call with "never"
      Handler calls (1):
        1. webSocketMessage(ws, "later")
      Waited 20 ms (real time); the socket is OPEN.

      Transcript (4 entries):
        1. acceptWebSocket(["room:garden","user:ada"]) by ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010
        2. received "later"
        3. → ROOMS (Room) 74cb6faa62e97db39e21978f73a150cc0f5ee78e1ae7904a560ab8fc925a2010 webSocketMessage()
        4. sent "echo: later"]
    `);
  });

  it("explain a socket that has no handler calls, and refuse bad arguments", async () => {
    const stub = rooms().getByName("garden");
    const client = await join(stub, "ada");
    client.send("hi");
    await settle();
    expect(() =>
      expect(client).toHaveDeliveredToHandler("webSocketMessage"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveDeliveredToHandler(handler)

      Expected a webSocketMessage() call
      Handler calls (0):
        (none)
      The socket was never accepted with state.acceptWebSocket(): handler calls are recorded on the object's end (state.getWebSockets()).

      Transcript (3 entries):
        1. accept()
        2. sent "hi"
        3. received "echo: hi"]
    `);
    const ws = await serverEnd(stub);
    expect(() =>
      expect(ws).toHaveDeliveredToHandler("onmessage" as never),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveDeliveredToHandler(handler)

      The handler must be "webSocketMessage", "webSocketClose" or "webSocketError"; got "onmessage".]
    `);
    expect(() =>
      expect(ws).toHaveDeliveredToHandler("webSocketClose", { status: 1000 } as never),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveDeliveredToHandler(handler, expected)

      Unknown field "status" in the expected close; use code, reason, wasClean.]
    `);
  });
});

/** The README's Matchers example, as written there. */
async function roomSurvivesEviction(room: DurableObjectStub, client: WebSocket): Promise<void> {
  expect(room).toHaveBeenConstructed(1);
  await evictDurableObject(room);
  expect(room).toBeHibernated();
  client.send("hi");
  await expect(client).toReceiveMessage("echo: hi");
  expect(room).toHaveBeenConstructed(2); // the message woke a fresh instance
  const ws = await runInDurableObject(room, (_, state) => state.getWebSockets()[0]);
  expect(ws).toHaveWebSocketTags(["room:garden", "user:ada"]);
  expect(ws).toHaveDeliveredToHandler("webSocketMessage", "hi");
  client.close(1000, "bye");
  await expect(ws).toDeliverToHandler("webSocketClose", { code: 1000, reason: "bye" });
}

it("the README example passes", async () => {
  const room = rooms().getByName("garden");
  await roomSurvivesEviction(room, await join(room, "ada"));
});
