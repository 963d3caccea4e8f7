import { describe, expect, it } from "vitest";
import { hibernatableSocketInfo, settle, transcriptOf, type WebSocket, WebSocketPair } from "workers-ws";
import { NEW, OLD, useRuntime } from "../../support/trace.js";
import { acceptingFetch, TestHost, type TestState } from "./support/test-host.js";

// Transcripts show a hibernatable socket's handler deliveries where they show listener deliveries,
// labelled with the owning object; hibernatableSocketInfo() gives matchers its tags and owner.

class Room {
  constructor(readonly state: TestState) {}
  fetch(request: Request) {
    return acceptingFetch(this.state, request);
  }
  webSocketMessage(ws: WebSocket, message: string) {
    ws.send(`echo ${message}`);
  }
  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}

const ID = "0000000000000000000000000000000000000000000000000000000000000001";

describe.each([OLD, NEW])("hibernatable sockets in transcripts at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });

  it("records acceptWebSocket and each delivery to a handler, with the owner", async () => {
    const host = new TestHost(Room, { bindingName: "ROOM" });
    const client = await host.connect("/?tags=lobby");
    const [server] = host.state.getWebSockets() as [WebSocket];
    client.send("hi");
    await settle();
    client.close(1000, "bye");
    await settle();
    const owner = `ROOM (Room) ${ID}`;
    const kinds = transcriptOf(server)
      .entries()
      .map((entry) => {
        switch (entry.kind) {
          case "acceptWebSocket":
            return `acceptWebSocket ${entry.tags.join(",")} by ${entry.owner}`;
          case "handler":
            return `${entry.method} by ${entry.owner}`;
          case "received":
          case "sent":
            return `${entry.kind} ${String(entry.data)}`;
          case "close":
            return `close ${entry.code}`;
          case "closeCall":
            return `close(${entry.code})`;
          case "readyState":
            return `readyState ${entry.to}`;
          default:
            return entry.kind;
        }
      });
    expect(kinds).toEqual([
      `acceptWebSocket lobby by ${owner}`,
      "received hi",
      `webSocketMessage by ${owner}`,
      "sent echo hi",
      "close 1000",
      "readyState 2",
      `webSocketClose by ${owner}`,
      "close(1000)",
      "readyState 3",
    ]);
  });

  it("hibernatableSocketInfo gives tags and owner, undefined for other sockets", async () => {
    const host = new TestHost(Room, { bindingName: "ROOM", id: "abc" });
    await host.connect("/?tags=a,b");
    const [server] = host.state.getWebSockets() as [WebSocket];
    expect(hibernatableSocketInfo(server)).toEqual({
      tags: ["a", "b"],
      owner: { className: "Room", bindingName: "ROOM", id: "abc" },
    });
    const { 0: plain } = new WebSocketPair();
    expect(hibernatableSocketInfo(plain)).toBeUndefined();
    expect(() => hibernatableSocketInfo({} as WebSocket)).toThrow(
      "hibernatableSocketInfo() needs a WebSocket created by workers-ws.",
    );
  });

  it("lists a leftover hibernatable socket with its owner", async () => {
    const host = new TestHost(Room, { id: "leftover" });
    await host.connect();
    const owned = env.runtime.openSockets().filter((s) => s.owner !== undefined);
    expect(owned.map((s) => s.owner)).toEqual(["Room leftover"]);
  });
});
