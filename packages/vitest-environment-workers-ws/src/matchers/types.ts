/**
 * Types of the workers-ws matchers, added to Vitest's `Matchers` (so `expect(ws).toX()`, `.not`,
 * `.resolves`/`.rejects` and `expect.toX()` are typed) and `AsymmetricMatchersContaining`
 * (`expect.closeEvent()`, `expect.webSocketMessage()`).
 *
 * One declaration serves Vitest 3.2, 4 and 5: it uses Vitest 5's type parameters
 * `Matchers<R, T>`. Vitest 3.2 and 4 declare `Matchers<T>`, and TypeScript reports the difference
 * (TS2428) inside the declaration files only, so it needs `skipLibCheck: true` there (the usual
 * setting); the members merge either way. Checked by test/types (npm run typecheck:types).
 */
import type { HibernationHandlerName, WebSocketErrorKind } from "workers-ws";
import type { WebSocketMessageExpectation } from "./asymmetric.js";
import type { CloseExpectation } from "./close.js";
import type { HandlerExpectations } from "./durable-objects.js";
import type { ExpectedMessage } from "./messages.js";
import type { ReadyStateLike } from "./ready-state.js";
import type { WaitOptions } from "./received-socket.js";

/** The assertions. `R` is what a synchronous one returns (void, or a promise after .resolves/.rejects). */
export interface WorkersWsMatchers<R = void> {
  /** The socket's readyState now: a number or its name (`1` or `"OPEN"`). */
  toHaveReadyState(state: ReadyStateLike): R;
  /** Every readyState the socket has had, from its first, in order: `["OPEN", "CLOSING", "CLOSED"]`. */
  toHaveReadyStateHistory(states: readonly ReadyStateLike[]): R;
  /** accept() took effect; with `{ allowHalfOpen }`, that setting is the one in force. */
  toBeAccepted(options?: { allowHalfOpen?: boolean }): R;
  /** Waits (real time, default 1000 ms) until the socket's readyState is `state`. */
  toReachReadyState(state: ReadyStateLike, options?: WaitOptions): Promise<void>;
  /** Every message the socket sent so far, in order. */
  toHaveSentMessages(messages: readonly ExpectedMessage[]): R;
  /** Every message the socket received so far, in order. */
  toHaveReceivedMessages(messages: readonly ExpectedMessage[]): R;
  /** The socket sent this message at least once. */
  toHaveSentMessage(message: ExpectedMessage): R;
  /** The socket received this message at least once. */
  toHaveReceivedMessage(message: ExpectedMessage): R;
  /** Waits (real time, default 1000 ms) until the socket has received a matching message. */
  toReceiveMessage(message: ExpectedMessage, options?: WaitOptions): Promise<void>;
  /** The socket's close event (or the CloseEvent given) has this code. */
  toHaveCloseCode(code: number): R;
  /** The socket's close event (or the CloseEvent given) has every field given. */
  toHaveBeenClosedWith(expected: CloseExpectation): R;
  /** Waits (real time, default 1000 ms) for the socket's close event, then checks the fields given. */
  toClose(expected?: CloseExpectation, options?: WaitOptions): Promise<void>;
  /** The function throws (or the value is) the runtime's error of this kind: exact class and message. */
  toThrowWebSocketError(kind: WebSocketErrorKind, ...args: unknown[]): R;
  /** A hibernatable socket's tags, exactly and in the order ctx.getTags() gives them. */
  toHaveWebSocketTags(tags: readonly string[]): R;
  /** The Durable Object (a stub) was constructed before and has no instance in memory now. */
  toBeHibernated(): R;
  /** How many instances the Durable Object (a stub) has had; without `times`, at least one. */
  toHaveBeenConstructed(times?: number): R;
  /**
   * One of the hibernatable socket's events went to this handler of its object: with a message
   * (webSocketMessage) or close fields (webSocketClose) when given.
   */
  toHaveDeliveredToHandler<H extends HibernationHandlerName>(
    handler: H,
    expected?: HandlerExpectations[H],
  ): R;
  /** Waits (real time, default 1000 ms) until such a handler call is in the socket's transcript. */
  toDeliverToHandler<H extends HibernationHandlerName>(
    handler: H,
    expected?: HandlerExpectations[H],
    options?: WaitOptions,
  ): Promise<void>;
}

/** The asymmetric matchers, for use inside other expectations. */
export interface WorkersWsAsymmetricMatchers {
  /** A CloseEvent (or transcript close entry) with the fields given. */
  // biome-ignore lint/suspicious/noExplicitAny: asymmetric matchers stand in for any value, as Vitest types its own
  closeEvent(expected?: CloseExpectation): any;
  /** A message payload, MessageEvent or transcript message entry matching the expectation. */
  // biome-ignore lint/suspicious/noExplicitAny: asymmetric matchers stand in for any value, as Vitest types its own
  webSocketMessage(expected: WebSocketMessageExpectation): any;
}

declare module "vitest" {
  // Vitest 3.2 and 4 declare Matchers<T>: TS2428 there (see above), silenced for this package's own
  // build against Vitest 4; consumers' skipLibCheck covers the emitted declaration file.
  // biome-ignore lint/suspicious/noTsIgnore: the error exists under Vitest 3.2 and 4 only, so @ts-expect-error would fail on 5
  // @ts-ignore TS2428 under Vitest 3.2 and 4 only
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown>
    extends WorkersWsMatchers<R> {}
  interface AsymmetricMatchersContaining extends WorkersWsAsymmetricMatchers {}
}
