import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketPair } from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "../../support/trace.js";
import { TestHost } from "./support/test-host.js";

// workerd-durable-objects-observed.md "acceptWebSocket, tags, getWebSockets": the argument checks
// and errors of state.acceptWebSocket() (workerd api/actor-state.c++ acceptWebSocket).

class Empty {}

/** Runs `fn` inside the object's context, as the object's own code does. */
function inObject<R>(fn: (host: TestHost) => R): R {
  const host = new TestHost(Empty);
  return host.ioContext().run(() => fn(host));
}

const NOT_A_WEBSOCKET =
  "TypeError: Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.";

describe.each([OLD, NEW])("acceptWebSocket at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("needs a WebSocket as its first argument", () => {
    inObject(({ state }) => {
      const accept = state.acceptWebSocket as (...a: unknown[]) => void;
      expect(describeError(thrownBy(() => accept()))).toBe(NOT_A_WEBSOCKET);
      expect(describeError(thrownBy(() => accept({})))).toBe(NOT_A_WEBSOCKET);
      expect(describeError(thrownBy(() => accept("ws")))).toBe(NOT_A_WEBSOCKET);
    });
  });

  it("needs an array of tags when tags are given", () => {
    inObject(({ state }) => {
      const { 1: server } = new WebSocketPair();
      const accept = state.acceptWebSocket as (...a: unknown[]) => void;
      for (const tags of ["a", 1, {}, null]) {
        expect(describeError(thrownBy(() => accept(server, tags)))).toBe(
          "TypeError: Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 2 is not of type 'Array'.",
        );
      }
      // Nothing was accepted: a plain accept() still works.
      server.accept();
      expect(server.readyState).toBe(1);
    });
  });

  it("reads holes as undefined and refuses a Symbol tag (observed in workerd 2026-11-17)", () => {
    inObject(({ state }) => {
      const ws = new WebSocketPair()[1];
      // biome-ignore lint/suspicious/noSparseArray: the hole is the point
      state.acceptWebSocket(ws, [, "a"] as unknown as string[]);
      expect(state.getTags(ws)).toEqual(["undefined", "a"]);
      const other = new WebSocketPair()[1];
      expect(describeError(thrownBy(() => state.acceptWebSocket(other, [Symbol("s")] as never)))).toBe(
        "TypeError: Cannot convert a Symbol value to a string",
      );
      const getWebSockets = state.getWebSockets as (...a: unknown[]) => unknown;
      expect(describeError(thrownBy(() => getWebSockets(Symbol("s"))))).toBe(
        "TypeError: Cannot convert a Symbol value to a string",
      );
    });
  });

  it("coerces tags to strings, merges duplicates and allows the empty tag", () => {
    inObject(({ state }) => {
      const { 1: server } = new WebSocketPair();
      state.acceptWebSocket(server, [1, null, "x", "1", "", "x"] as unknown as string[]);
      expect(state.getTags(server)).toEqual(["1", "null", "x", ""]);
    });
  });

  it("refuses an 11th distinct tag, and any further item once 10 are kept (even a duplicate)", () => {
    inObject(({ state }) => {
      const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
      const tooMany = "Error: a Hibernatable WebSocket cannot have more than 10 tags";
      const a = new WebSocketPair()[1];
      expect(describeError(thrownBy(() => state.acceptWebSocket(a, [...ten, "t10"])))).toBe(tooMany);
      const b = new WebSocketPair()[1];
      expect(describeError(thrownBy(() => state.acceptWebSocket(b, [...ten, "t0"])))).toBe(tooMany);
      // Duplicates below the limit are fine.
      const c = new WebSocketPair()[1];
      state.acceptWebSocket(c, [...ten.slice(0, 9), "t0", "t0", "t9"]);
      expect(state.getTags(c)).toEqual(ten);
      // A failed call left the socket unaccepted.
      a.accept();
      expect(a.readyState).toBe(1);
    });
  });

  it("refuses a tag over 256 UTF-8 bytes (the message says characters)", () => {
    inObject(({ state }) => {
      const ws = new WebSocketPair()[1];
      state.acceptWebSocket(ws, ["a".repeat(256), "é".repeat(128)]);
      const long = "é".repeat(129);
      const other = new WebSocketPair()[1];
      expect(describeError(thrownBy(() => state.acceptWebSocket(other, [long])))).toBe(
        `Error: "${long}" is longer than the max tag length (256 characters).`,
      );
    });
  });

  it("refuses a socket accepted before, by accept() or acceptWebSocket()", () => {
    inObject(({ state }) => {
      const already =
        "Error: Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`";
      const plain = new WebSocketPair()[1];
      plain.accept();
      expect(describeError(thrownBy(() => state.acceptWebSocket(plain)))).toBe(already);
      const hibernatable = new WebSocketPair()[1];
      state.acceptWebSocket(hibernatable);
      expect(describeError(thrownBy(() => state.acceptWebSocket(hibernatable)))).toBe(already);
      expect(state.getWebSockets()).toEqual([hibernatable]);
    });
  });

  it("makes accept() throw afterwards", () => {
    inObject(({ state }) => {
      const ws = new WebSocketPair()[1];
      state.acceptWebSocket(ws);
      expect(describeError(thrownBy(() => ws.accept()))).toBe(
        "TypeError: Can't accept() WebSocket after enabling hibernation.",
      );
    });
  });

  it("accepts either end of a fresh pair, but not one whose peer was accepted", () => {
    inObject(({ state }) => {
      const pair = new WebSocketPair();
      state.acceptWebSocket(pair[0]);
      expect(describeError(thrownBy(() => state.acceptWebSocket(pair[1])))).toBe(
        "Error: Cannot call `acceptWebSocket()` on this WebSocket because its pair has already been accepted or used in a Response.",
      );
      const plainPeer = new WebSocketPair();
      plainPeer[0].accept();
      expect(describeError(thrownBy(() => state.acceptWebSocket(plainPeer[1])))).toMatch(
        /its pair has already been accepted/,
      );
    });
  });

  it("refuses a client socket made by new WebSocket(url) (it has no pair)", () => {
    inObject(({ state }) => {
      const client = new WebSocket("wss://example.invalid/");
      expect(describeError(thrownBy(() => state.acceptWebSocket(client)))).toMatch(
        /its pair has already been accepted or used in a Response\.$/,
      );
      client.close();
    });
  });

  it("gives the socket readyState 1 and lets it send", () => {
    inObject(({ state }) => {
      const { 0: client, 1: server } = new WebSocketPair();
      state.acceptWebSocket(server);
      expect(server.readyState).toBe(1);
      client.accept();
      server.send("hello");
    });
  });
});
