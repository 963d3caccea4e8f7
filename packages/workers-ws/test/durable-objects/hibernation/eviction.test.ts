import { describe, expect, it } from "vitest";
import {
  type IoContext,
  readyStateOf,
  settle,
  type WebSocket,
  WebSocketRequestResponsePair,
} from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "../../support/trace.js";
import { acceptingFetch, TestHost, type TestState } from "./support/test-host.js";

// workerd-durable-objects-observed.md "Hibernation": hibernatable sockets stay connected while the
// object is out of memory; the next message constructs a fresh instance, whose handler finds tags,
// attachment, getWebSockets() and the auto-response intact; "ping" is answered without constructing.

/** A chat room: remembers a count in memory, the user name in the socket's attachment. */
class Room {
  messagesSeen = 0;
  readonly instanceNumber: number;
  static instances = 0;
  constructor(readonly state: TestState) {
    this.instanceNumber = ++Room.instances;
    state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }
  fetch(request: Request) {
    const response = acceptingFetch(this.state, request);
    const [newest] = this.state.getWebSockets();
    newest?.serializeAttachment({ user: new URL(request.url).searchParams.get("user") });
    return response;
  }
  webSocketMessage(ws: WebSocket, message: string) {
    this.messagesSeen++;
    const { user } = ws.deserializeAttachment() as { user: string };
    const line = `${user}: ${message} (instance ${this.instanceNumber}, seen ${this.messagesSeen}, tags ${this.state.getTags(ws).join("+")})`;
    for (const peer of this.state.getWebSockets("room")) peer.send(line);
  }
}

function collect(ws: WebSocket): string[] {
  const got: string[] = [];
  ws.addEventListener("message", (e) => got.push(String(e.data)));
  return got;
}

describe.each([OLD, NEW])("hibernatable sockets across eviction at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("keep the conversation: a fresh instance gets the message with tags, attachment and peers", async () => {
    Room.instances = 0;
    const host = new TestHost(Room, { bindingName: "ROOM" });
    const alice = await host.connect("/?user=alice&tags=room,alice");
    const bob = await host.connect("/?user=bob&tags=room,bob");
    const aliceGot = collect(alice);
    const bobGot = collect(bob);
    alice.send("hi");
    await settle();
    host.evict();
    expect(host.instance).toBeUndefined();
    expect(readyStateOf(alice)).toBe(1);
    expect(host.manager.size).toBe(2);
    bob.send("hello");
    await settle();
    expect(host.constructions).toBe(2);
    const expected = [
      "alice: hi (instance 1, seen 1, tags room+alice)",
      "bob: hello (instance 2, seen 1, tags room+bob)",
    ];
    expect(aliceGot).toEqual(expected);
    expect(bobGot).toEqual(expected);
  });

  it("answer the auto-response while evicted without constructing the object", async () => {
    Room.instances = 0;
    const host = new TestHost(Room);
    const client = await host.connect("/?user=carol&tags=room");
    const got = collect(client);
    host.evict();
    client.send("ping");
    await settle();
    expect(got).toEqual(["pong"]);
    expect(host.constructions).toBe(1);
    const [server] = host.state.getWebSockets() as [WebSocket];
    expect(host.state.getWebSocketAutoResponseTimestamp(server)).toBeInstanceOf(Date);
  });

  it("belong to the new instance's IoContext: usable from it, not from the evicted one", async () => {
    Room.instances = 0;
    const host = new TestHost(Room);
    const client = await host.connect("/?user=dave&tags=room");
    const old: IoContext = host.ioContext();
    const [server] = host.state.getWebSockets() as [WebSocket];
    host.evict();
    expect(describeError(thrownBy(() => old.run(() => server.send("from the old instance"))))).toMatch(
      /^Error: Cannot perform I\/O on behalf of a different request/,
    );
    const got = collect(client);
    host.ioContext().run(() => server.send("from the new instance"));
    await settle();
    expect(got).toEqual(["from the new instance"]);
  });

  it("a Close that arrives while evicted constructs the object and reaches webSocketClose", async () => {
    const seen: string[] = [];
    const Closing = class {
      constructor(readonly state: TestState) {
        seen.push("constructed");
      }
      fetch(request: Request) {
        return acceptingFetch(this.state, request);
      }
      webSocketClose(ws: WebSocket, code: number, reason: string) {
        seen.push(`webSocketClose ${code} ${reason}`);
        ws.close(code, reason);
      }
    };
    const host = new TestHost(Closing, { constructAsync: true });
    const client = await host.connect();
    let closed = "";
    client.addEventListener("close", (e) => {
      closed = `${e.code} ${e.reason}`;
    });
    host.evict();
    client.close(1000, "leaving");
    await settle();
    expect(seen).toEqual(["constructed", "constructed", "webSocketClose 1000 leaving"]);
    expect(closed).toBe("1000 leaving");
    expect(host.manager.size).toBe(0);
  });

  it("messages that arrive while the instance is being constructed are delivered in order", async () => {
    const seen: string[] = [];
    const Ordered = class {
      constructor(readonly state: TestState) {}
      fetch(request: Request) {
        return acceptingFetch(this.state, request);
      }
      webSocketMessage(_ws: WebSocket, message: string) {
        seen.push(message);
      }
    };
    const host = new TestHost(Ordered, { constructAsync: true });
    const client = await host.connect();
    host.evict();
    for (const m of ["1", "2", "3", "4"]) client.send(m);
    await settle();
    expect(seen).toEqual(["1", "2", "3", "4"]);
    expect(host.constructions).toBe(2);
  });
});
