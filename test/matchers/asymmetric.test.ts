import { describe, expect, it, vi } from "vitest";
import { CloseEvent, MessageEvent, settle } from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

/** The asymmetric matchers also work as assertions (typed only as asymmetric matchers). */
function asAssertion(value: unknown): {
  closeEvent(expected?: object): void;
  webSocketMessage(expected: unknown): void;
} {
  return expect(value) as never;
}

describe("expect.closeEvent", () => {
  it("matches a close event by the fields given", async () => {
    const [client, server] = acceptedPair();
    const onClose = vi.fn();
    server.addEventListener("close", onClose);
    client.close(1000, "done");
    await settle();
    expect(onClose).toHaveBeenCalledWith(expect.closeEvent({ code: 1000, wasClean: true }));
    expect(onClose).toHaveBeenCalledWith(expect.closeEvent());
    expect(onClose).toHaveBeenCalledWith(expect.not.closeEvent({ code: 1006 }));
    expect({ event: new CloseEvent("close", { code: 4001, reason: "x" }) }).toEqual({
      event: expect.closeEvent({ code: 4001, reason: expect.any(String) }),
    });
  });

  it("does not match other values", () => {
    expect("close").not.toEqual(expect.closeEvent());
    expect(new MessageEvent("message", { data: "x" })).not.toEqual(expect.closeEvent());
  });

  it("fails with a readable message", () => {
    expect(() =>
      expect({ event: new CloseEvent("close", { code: 1006 }) }).toEqual({
        event: expect.closeEvent({ code: 1000 }),
      }),
    ).toThrow(/to deeply equal \{ event: closeEvent/);
    expect(() =>
      asAssertion(new CloseEvent("close", { code: 1006 })).closeEvent({ code: 1000 }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(value).closeEvent(expected)

      Expected: a close event with code 1000
      Received: close event: code 1006, reason "", not clean]
    `);
    expect(() =>
      expect.closeEvent({ status: 1 } as never).asymmetricMatch(1),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(value).closeEvent(expected)

      Unknown field "status"; use code, reason, wasClean.]
    `);
  });
});

describe("expect.webSocketMessage", () => {
  it("matches text, bytes of any view, a RegExp, JSON and the message type", async () => {
    expect("hello").toEqual(expect.webSocketMessage("hello"));
    expect(new Uint8Array([1, 2]).buffer).toEqual(expect.webSocketMessage(new Uint16Array([0x0201])));
    expect(Buffer.from("ab")).toEqual(expect.webSocketMessage(new TextEncoder().encode("ab")));
    expect('{"op":"join","room":7}').toEqual(
      expect.webSocketMessage({ json: { op: "join", room: expect.any(Number) } }),
    );
    expect("pong 12").toEqual(expect.webSocketMessage(/^pong \d+$/));
    expect(new ArrayBuffer(3)).toEqual(expect.webSocketMessage({ type: "binary" }));
    expect("x").toEqual(expect.not.webSocketMessage({ type: "binary" }));
    expect("not json").not.toEqual(expect.webSocketMessage({ json: {} }));
  });

  it("matches a MessageEvent by its data", async () => {
    const [client, server] = acceptedPair();
    const onMessage = vi.fn();
    client.addEventListener("message", onMessage);
    server.send(JSON.stringify({ ok: true }));
    await settle();
    expect(onMessage).toHaveBeenCalledWith(expect.webSocketMessage({ type: "text", json: { ok: true } }));
  });

  it("fails with a readable message, and refuses unknown fields", () => {
    expect(() => asAssertion("pong").webSocketMessage("ping")).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(value).webSocketMessage(expected)

      Expected: a WebSocket message equal to "ping"
      Received: "pong"]
    `);
    expect(() =>
      asAssertion(new Uint8Array([1])).webSocketMessage({ type: "text" }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(value).webSocketMessage(expected)

      Expected: a WebSocket message of type text
      Received: <binary 1 byte: 01>]
    `);
    expect(() =>
      expect.webSocketMessage({ body: "x" } as never).asymmetricMatch("x"),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(value).webSocketMessage(expected)

      Unknown field "body"; use type, data, json.]
    `);
  });
});
