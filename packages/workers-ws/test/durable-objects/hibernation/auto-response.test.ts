import { describe, expect, it } from "vitest";
import { settle, type WebSocket, WebSocketPair, WebSocketRequestResponsePair } from "workers-ws";
import { describeError, NEW, OLD, Trace, thrownBy, useRuntime } from "../../support/trace.js";
import { acceptingFetch, TestHost, type TestState } from "./support/test-host.js";

// workerd-durable-objects-observed.md "Auto-response": an exact text match is answered without the
// handler (workerd io/legacy-hibernation-manager.c++ readLoop), and the setter's checks
// (api/actor-state.c++ setWebSocketAutoResponse).

function echoingClass(trace: Trace) {
  return class Room {
    constructor(readonly state: TestState) {
      trace.log("constructed");
    }
    fetch(request: Request) {
      return acceptingFetch(this.state, request);
    }
    webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
      const shown = typeof message === "string" ? message : "binary";
      trace.log("s:webSocketMessage", shown);
      ws.send(`handler ${shown}`);
    }
  };
}

describe.each([OLD, NEW])("auto-response at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("answers an exact text match without calling the handler, and records when", async () => {
    const trace = new Trace();
    const host = new TestHost(echoingClass(trace));
    const client = await host.connect();
    const [server] = host.state.getWebSockets() as [WebSocket];
    trace.tap("c", client);
    host.state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    expect(host.state.getWebSocketAutoResponseTimestamp(server)).toBeNull();
    const before = Date.now();
    client.send("ping");
    client.send("ping ");
    client.send("PING");
    client.send(new TextEncoder().encode("ping"));
    client.send("ping");
    await settle();
    expect(trace.lines.filter((line) => !line.startsWith("c:"))).toEqual([
      "constructed",
      "s:webSocketMessage ping ",
      "s:webSocketMessage PING",
      "s:webSocketMessage binary",
    ]);
    expect(trace.lines.filter((line) => line.startsWith("c:"))).toEqual([
      "c:message pong rs=1",
      "c:message handler ping  rs=1",
      "c:message handler PING rs=1",
      "c:message handler binary rs=1",
      "c:message pong rs=1",
    ]);
    const stamp = host.state.getWebSocketAutoResponseTimestamp(server);
    expect(stamp).toBeInstanceOf(Date);
    expect((stamp as Date).getTime()).toBeGreaterThanOrEqual(before);
    // Kept when the auto-response is cleared.
    host.state.setWebSocketAutoResponse();
    expect(host.state.getWebSocketAutoResponseTimestamp(server)).toEqual(stamp);
    expect(host.state.getWebSocketAutoResponseTimestamp(server)).not.toBe(stamp);
    client.send("ping");
    await settle();
    expect(trace.lines.at(-1)).toBe("c:message handler ping rs=1");
  });

  it("applies to sockets accepted before it was set; null for plain and unaccepted sockets", async () => {
    const host = new TestHost(echoingClass(new Trace()));
    const client = await host.connect();
    host.state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    const got: string[] = [];
    client.addEventListener("message", (e) => got.push(String(e.data)));
    client.send("ping");
    await settle();
    expect(got).toEqual(["pong"]);
    const { 0: plain, 1: fresh } = new WebSocketPair();
    plain.accept();
    expect(host.state.getWebSocketAutoResponseTimestamp(plain)).toBeNull();
    expect(host.state.getWebSocketAutoResponseTimestamp(fresh)).toBeNull();
  });

  it("getWebSocketAutoResponse: null before and after clearing, a new pair each call", () => {
    const host = new TestHost(echoingClass(new Trace()));
    expect(host.state.getWebSocketAutoResponse()).toBeNull();
    host.state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    const first = host.state.getWebSocketAutoResponse() as WebSocketRequestResponsePair;
    const second = host.state.getWebSocketAutoResponse() as WebSocketRequestResponsePair;
    expect(first).toBeInstanceOf(WebSocketRequestResponsePair);
    expect(first).not.toBe(second);
    expect([first.request, first.response]).toEqual(["ping", "pong"]);
    host.state.setWebSocketAutoResponse(undefined);
    expect(host.state.getWebSocketAutoResponse()).toBeNull();
  });

  it("refuses a non-pair and requests or responses over 2048 bytes", () => {
    const host = new TestHost(echoingClass(new Trace()));
    const set = host.state.setWebSocketAutoResponse as (...a: unknown[]) => void;
    const notAPair =
      "TypeError: Failed to execute 'setWebSocketAutoResponse' on 'DurableObjectState': parameter 1 is not of type 'WebSocketRequestResponsePair'.";
    expect(describeError(thrownBy(() => set({ request: "a", response: "b" })))).toBe(notAPair);
    expect(describeError(thrownBy(() => set(null)))).toBe(notAPair);
    expect(
      describeError(thrownBy(() => set(new WebSocketRequestResponsePair("x".repeat(2049), "pong")))),
    ).toBe("RangeError: Request cannot be larger than 2048 bytes. A request of size 2049 was provided.");
    expect(
      describeError(thrownBy(() => set(new WebSocketRequestResponsePair("ping", "é".repeat(1025))))),
    ).toBe("RangeError: Response cannot be larger than 2048 bytes. A response of size 2050 was provided.");
    set(new WebSocketRequestResponsePair("x".repeat(2048), "y".repeat(2048)));
    expect(host.state.getWebSocketAutoResponse()).not.toBeNull();
  });

  it("keeps send order between auto replies and handler replies", async () => {
    const host = new TestHost(echoingClass(new Trace()));
    const client = await host.connect();
    host.state.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    const got: string[] = [];
    client.addEventListener("message", (e) => got.push(String(e.data)));
    for (const m of ["a", "ping", "b", "ping", "ping", "c"]) client.send(m);
    await settle();
    expect(got).toEqual(["handler a", "pong", "handler b", "pong", "pong", "handler c"]);
  });
});

describe("WebSocketRequestResponsePair", () => {
  useRuntime({ compatibilityDate: NEW });

  it("needs two strings, converts other values, and needs new", () => {
    const Pair = WebSocketRequestResponsePair as unknown as new (
      ...a: unknown[]
    ) => WebSocketRequestResponsePair;
    expect(describeError(thrownBy(() => new Pair()))).toBe(
      "TypeError: Failed to construct 'WebSocketRequestResponsePair': constructor parameter 1 is not of type 'string'.",
    );
    expect(describeError(thrownBy(() => new Pair("ping")))).toBe(
      "TypeError: Failed to construct 'WebSocketRequestResponsePair': constructor parameter 2 is not of type 'string'.",
    );
    const converted = new Pair(1, null);
    expect([converted.request, converted.response]).toEqual(["1", "null"]);
    // An explicit undefined is given, so converted (observed in workerd 2026-11-17).
    const explicit = new Pair(undefined, undefined);
    expect([explicit.request, explicit.response]).toEqual(["undefined", "undefined"]);
    // The 2048-byte limit belongs to setWebSocketAutoResponse, not to the constructor.
    expect(new Pair("x".repeat(4096), "y").request).toHaveLength(4096);
    expect(describeError(thrownBy(() => (WebSocketRequestResponsePair as unknown as () => unknown)()))).toBe(
      "TypeError: Failed to construct 'WebSocketRequestResponsePair': Please use the 'new' operator, this object constructor cannot be called as a function.",
    );
  });

  it("has read-only request and response on its prototype", () => {
    const pair = new WebSocketRequestResponsePair("ping", "pong");
    expect(Object.keys(pair)).toEqual([]);
    expect(describeError(thrownBy(() => Object.assign(pair, { request: "other" })))).toBe(
      "TypeError: Cannot assign to read only property 'request' of object '#<WebSocketRequestResponsePair>'",
    );
    expect(pair.request).toBe("ping");
    expect(
      describeError(thrownBy(() => Reflect.get(WebSocketRequestResponsePair.prototype, "response"))),
    ).toMatch(/^TypeError: Illegal invocation/);
  });

  it("is installed as a Workers global beside WebSocketPair", async () => {
    const { workersGlobals } = await import("workers-ws");
    expect(workersGlobals.WebSocketRequestResponsePair).toBe(WebSocketRequestResponsePair);
  });
});
