import { describe, expect, it } from "vitest";
import { WebSocketPair } from "workers-ws";
import { describeError, NEW, OLD, thrownBy, useRuntime } from "../../support/trace.js";
import { TestHost } from "./support/test-host.js";

// workerd-durable-objects-observed.md "acceptWebSocket, tags, getWebSockets": getWebSockets() and
// getTags() (workerd io/legacy-hibernation-manager.c++ getWebSockets: allWs is pushed to the front,
// a tag's list is appended to).

class Empty {}

describe.each([OLD, NEW])("getWebSockets and getTags at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("lists every socket newest first, and a tag's sockets oldest first", () => {
    const host = new TestHost(Empty);
    host.ioContext().run(() => {
      const { state } = host;
      const a = new WebSocketPair()[1];
      const b = new WebSocketPair()[1];
      const c = new WebSocketPair()[1];
      state.acceptWebSocket(a, ["room", "x"]);
      state.acceptWebSocket(b);
      state.acceptWebSocket(c, ["room"]);
      expect(state.getWebSockets()).toEqual([c, b, a]);
      expect(state.getWebSockets(undefined)).toEqual([c, b, a]);
      expect(state.getWebSockets("room")).toEqual([a, c]);
      expect(state.getWebSockets("x")).toEqual([a]);
      expect(state.getWebSockets("nobody")).toEqual([]);
      // A fresh array each call, holding the same objects.
      const first = state.getWebSockets();
      const second = state.getWebSockets();
      expect(first).not.toBe(second);
      expect(first[0]).toBe(second[0]);
      first.length = 0;
      expect(state.getWebSockets()).toHaveLength(3);
      expect(host.manager.size).toBe(3);
    });
  });

  it("converts a tag to a string: null and 1 are the tags 'null' and '1'", () => {
    const host = new TestHost(Empty);
    host.ioContext().run(() => {
      const { state } = host;
      const ws = new WebSocketPair()[1];
      state.acceptWebSocket(ws, ["null", "1"]);
      const get = state.getWebSockets as (...a: unknown[]) => unknown[];
      expect(get(null)).toEqual([ws]);
      expect(get(1)).toEqual([ws]);
    });
  });

  it("getTags: [] without tags, a fresh copy, and workerd's errors for other sockets", () => {
    const host = new TestHost(Empty);
    host.ioContext().run(() => {
      const { state } = host;
      const untagged = new WebSocketPair()[1];
      state.acceptWebSocket(untagged);
      expect(state.getTags(untagged)).toEqual([]);
      const tagged = new WebSocketPair()[1];
      state.acceptWebSocket(tagged, ["a", "b"]);
      const tags = state.getTags(tagged);
      tags.push("c");
      expect(state.getTags(tagged)).toEqual(["a", "b"]);

      const fresh = new WebSocketPair()[1];
      expect(describeError(thrownBy(() => state.getTags(fresh)))).toBe(
        "Error: you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket.",
      );
      const plain = new WebSocketPair()[1];
      plain.accept();
      expect(describeError(thrownBy(() => state.getTags(plain)))).toBe(
        "Error: only hibernatable websockets can have tags.",
      );
      const getTags = state.getTags as (...a: unknown[]) => unknown;
      expect(describeError(thrownBy(() => getTags({})))).toBe(
        "TypeError: Failed to execute 'getTags' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.",
      );
    });
  });

  it("keeps tags of sockets of two objects apart", () => {
    const one = new TestHost(Empty, { id: "one" });
    const two = new TestHost(Empty, { id: "two" });
    const a = one.ioContext().run(() => {
      const ws = new WebSocketPair()[1];
      one.state.acceptWebSocket(ws, ["t"]);
      return ws;
    });
    const b = two.ioContext().run(() => {
      const ws = new WebSocketPair()[1];
      two.state.acceptWebSocket(ws, ["t"]);
      return ws;
    });
    expect(one.state.getWebSockets("t")).toEqual([a]);
    expect(two.state.getWebSockets("t")).toEqual([b]);
  });
});
