// @vitest-environment-options {"compatibilityDate":"2026-11-01","strict":true}
import { describe, expect, it } from "vitest";
import {
  isWebSocketError,
  Response,
  returnToCaller,
  settle,
  type WebSocketErrorKind,
  WebSocketErrorKinds,
  webSocketErrorKind,
} from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

const upgrade = { headers: new Headers({ Upgrade: "websocket" }) };

describe("toThrowWebSocketError", () => {
  it("passes for each rule's exact class and message", async () => {
    const [client, server] = new WebSocketPair();
    expect(() => server.send("x")).toThrowWebSocketError(WebSocketErrorKinds.NotAccepted);
    server.accept();
    expect(() => server.close(1004)).toThrowWebSocketError("InvalidCloseCode");
    expect(() => server.close(1004)).toThrowWebSocketError("InvalidCloseCode", 1004);
    expect(() => server.close(1000, "x".repeat(124))).toThrowWebSocketError("CloseReasonTooLong");
    expect(() => server.close(undefined, "why")).toThrowWebSocketError("ReasonWithoutCode");
    expect(() => new Response(null, { status: 101 })).toThrowWebSocketError("ResponseStatusNeedsWebSocket");
    expect(() => new Response(null, { status: 200, webSocket: client })).toThrowWebSocketError(
      "WebSocketNeedsStatus101",
    );
    expect(() => (WebSocketPair as unknown as () => void)()).toThrowWebSocketError("ConstructorNeedsNew");
    expect(() => (WebSocketPair as unknown as () => void)()).toThrowWebSocketError(
      "ConstructorNeedsNew",
      "WebSocketPair",
    );
    server.close(1000);
    expect(() => server.send("late")).toThrowWebSocketError("SendAfterClose");
    expect(() => server.close(1000)).toThrowWebSocketError("StrictCloseAfterClose");
    await settle();
  });

  it("covers the Response rules of a returned socket", () => {
    const [client, server] = new WebSocketPair();
    server.accept();
    // workerd only logs this one: the error value itself is checked.
    const logged: unknown[] = [];
    returnToCaller(new Response(null, { status: 101, webSocket: server }), upgrade, (error) =>
      logged.push(error),
    );
    expect(logged[0]).toThrowWebSocketError("AcceptedSocketInResponse");
    const response = new Response(null, { status: 101, webSocket: client });
    returnToCaller(response, upgrade);
    // Returned again: logged too (workerd couple(); conformance 32-dispatch).
    returnToCaller(response, upgrade, (error) => logged.push(error));
    expect(logged[1]).toThrowWebSocketError("AlreadyUsedInResponse");
    expect(() => client.accept()).toThrowWebSocketError("AcceptAfterResponse");
    expect(() => client.send("x")).toThrowWebSocketError("StrictUseAfterResponse", "send");
  });

  it("accepts the error itself, for .rejects", async () => {
    const [client] = new WebSocketPair();
    const failing = Promise.resolve().then(() => client.send("x"));
    await expect(failing).rejects.toThrowWebSocketError("NotAccepted");
  });

  it("fails when the function does not throw, or throws another rule's error", () => {
    const [client] = acceptedPair();
    expect(() =>
      expect(() => client.send("fine")).toThrowWebSocketError("NotAccepted"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(function).toThrowWebSocketError(kind)

      Expected: NotAccepted (TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.)
      Received: the function did not throw]
    `);
    expect(() =>
      expect(() => client.close(1004)).toThrowWebSocketError("ReasonWithoutCode"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(function).toThrowWebSocketError(kind)

      Expected: ReasonWithoutCode (DOMException InvalidAccessError: If you specify a WebSocket close reason, you must also specify a code.)
      Received: DOMException InvalidAccessError: Invalid WebSocket close code: 1004. (the runtime's InvalidCloseCode)]
    `);
    expect(() =>
      expect(() => client.close(1004)).toThrowWebSocketError("InvalidCloseCode", 1005),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(function).toThrowWebSocketError(kind, ...args)

      Expected: InvalidCloseCode (DOMException InvalidAccessError: Invalid WebSocket close code: 1005.)
      Received: DOMException InvalidAccessError: Invalid WebSocket close code: 1004. (the runtime's InvalidCloseCode)]
    `);
  });

  it("checks the class, not just the message", () => {
    const lookalike = new Error("Can't call WebSocket send() after close().");
    expect(() =>
      expect(lookalike).toThrowWebSocketError("SendAfterClose"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(error).toThrowWebSocketError(kind)

      Expected: SendAfterClose (TypeError: Can't call WebSocket send() after close().)
      Received: Error: Can't call WebSocket send() after close().]
    `);
    expect(new TypeError("Can't call WebSocket send() after close().")).toThrowWebSocketError(
      "SendAfterClose",
    );
  });

  it("reads well under .not", () => {
    const [client] = new WebSocketPair();
    expect(() => client.send("x")).not.toThrowWebSocketError("SendAfterClose");
    expect(() =>
      expect(() => client.send("x")).not.toThrowWebSocketError("NotAccepted"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(function).not.toThrowWebSocketError(kind)

      Expected: not NotAccepted (TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.)
      Received: TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages. (the runtime's NotAccepted)]
    `);
  });

  it("refuses an unknown kind and a function returning a promise", () => {
    expect(() => expect(() => {}).toThrowWebSocketError("Nope" as WebSocketErrorKind)).toThrow(
      /Unknown WebSocket error kind "Nope"\. Use one of WebSocketErrorKinds: (\w+, )*NotAccepted, SendAfterClose, /,
    );
    expect(() =>
      expect(async () => {}).toThrowWebSocketError("NotAccepted"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(function).toThrowWebSocketError(kind)

      The function returned a promise: use \`await expect(promise).rejects.toThrowWebSocketError(kind)\` for rejections.]
    `);
  });
});

describe("recognising errors by kind in a catch block", () => {
  it("names the rule of an error the runtime threw", () => {
    const [client] = new WebSocketPair();
    try {
      client.send("x");
      expect.unreachable();
    } catch (error) {
      expect(webSocketErrorKind(error)).toBe(WebSocketErrorKinds.NotAccepted);
      expect(isWebSocketError(error, "NotAccepted")).toBe(true);
      expect(isWebSocketError(error, "SendAfterClose")).toBe(false);
    }
  });
});
