/**
 * Type test of the matcher augmentation: compiled by `npm run typecheck` (Vitest 4, the root's)
 * and by `npm run typecheck:types` against each Vitest installed (test/types/check-vitest-types.mjs).
 * Nothing here runs; a wrong type fails the compilation.
 */
import { expect, expectTypeOf } from "vitest";
import type { CloseEvent, DurableObjectStub, WebSocket } from "vitest-environment-workers-ws";
import { WebSocketErrorKinds } from "vitest-environment-workers-ws/matchers";

declare const ws: WebSocket;
declare const event: CloseEvent;
declare const stub: DurableObjectStub;

export async function typed(): Promise<void> {
  // readyState
  expect(ws).toHaveReadyState(1);
  expect(ws).toHaveReadyState("OPEN");
  expect(ws).not.toHaveReadyState("CLOSED");
  // @ts-expect-error not a readyState name
  expect(ws).toHaveReadyState("open");
  // @ts-expect-error not a readyState number
  expect(ws).toHaveReadyState(4);
  expect(ws).toHaveReadyStateHistory(["OPEN", 2, "CLOSED"]);
  expect(ws).toBeAccepted();
  expect(ws).toBeAccepted({ allowHalfOpen: true });
  // @ts-expect-error allowHalfOpen is a boolean
  expect(ws).toBeAccepted({ allowHalfOpen: "yes" });

  // messages
  expect(ws).toHaveSentMessages(["a", new Uint8Array([1]), new ArrayBuffer(1), expect.any(String)]);
  expect(ws).toHaveReceivedMessages([expect.webSocketMessage({ json: { ok: true } })]);
  expect(ws).toHaveReceivedMessage("a");
  expect(ws).not.toHaveSentMessage(new DataView(new ArrayBuffer(2)));
  // @ts-expect-error messages are compared as strings or bytes, not numbers
  expect(ws).toHaveSentMessages([42]);

  // close
  expect(ws).toHaveCloseCode(1000);
  expect(event).toHaveCloseCode(1000);
  expect(ws).toHaveBeenClosedWith({ code: 1000, reason: expect.stringContaining("x"), wasClean: true });
  // @ts-expect-error unknown field
  expect(ws).toHaveBeenClosedWith({ status: 1000 });

  // errors
  expect(() => ws.send("x")).toThrowWebSocketError("NotAccepted");
  expect(() => ws.close(1004)).toThrowWebSocketError(WebSocketErrorKinds.InvalidCloseCode, 1004);
  // @ts-expect-error not a kind
  expect(() => ws.send("x")).toThrowWebSocketError("NoSuchRule");
  await expect(Promise.reject(new Error("x"))).rejects.toThrowWebSocketError("SendAfterClose");

  // async matchers return promises, with .not too
  await expect(ws).toReceiveMessage("pong", { timeout: 50 });
  await expect(ws).not.toReceiveMessage(expect.stringMatching(/x/));
  await expect(ws).toClose();
  await expect(ws).toClose({ code: 1000 }, { timeout: 10 });
  await expect(ws).toReachReadyState("CLOSED");
  expectTypeOf(expect(ws).toClose()).toEqualTypeOf<Promise<void>>();
  expectTypeOf(expect(ws).not.toReceiveMessage("x")).toEqualTypeOf<Promise<void>>();
  // @ts-expect-error timeout is a number
  await expect(ws).toReachReadyState("OPEN", { timeout: "1s" });

  // Durable Objects
  expect(ws).toHaveWebSocketTags(["room:a", "user:ada"]);
  // @ts-expect-error tags are strings
  expect(ws).toHaveWebSocketTags([1]);
  expect(stub).toBeHibernated();
  expect(stub).not.toHaveBeenConstructed(2);
  // @ts-expect-error a count is a number
  expect(stub).toHaveBeenConstructed("twice");
  expect(ws).toHaveDeliveredToHandler("webSocketMessage", expect.webSocketMessage({ json: { ok: true } }));
  expect(ws).toHaveDeliveredToHandler("webSocketClose", { code: 1000, reason: "bye" });
  expect(ws).toHaveDeliveredToHandler("webSocketError");
  // @ts-expect-error a close is checked by code, reason, wasClean
  expect(ws).toHaveDeliveredToHandler("webSocketClose", "bye");
  // @ts-expect-error not a handler name
  expect(ws).toHaveDeliveredToHandler("onmessage");
  await expect(ws).toDeliverToHandler("webSocketClose", { code: 1000 }, { timeout: 50 });
  expectTypeOf(expect(ws).toDeliverToHandler("webSocketMessage")).toEqualTypeOf<Promise<void>>();

  // asymmetric matchers, also negated
  expect({ event }).toEqual({ event: expect.closeEvent({ code: 1000 }) });
  expect({ event }).toEqual({ event: expect.not.closeEvent({ wasClean: false }) });
  expect("x").toEqual(expect.webSocketMessage(/x/));
  expect(new Uint8Array(1)).toEqual(expect.not.webSocketMessage({ type: "text" }));
  // @ts-expect-error type is "text" or "binary"
  expect.webSocketMessage({ type: "json" });
}
