/**
 * The matchers, each called with the bad values in the expected-value position and in the received
 * position (`expect(·)`). A matcher may pass or fail (an AssertionError that says what it saw), or
 * refuse a mistaken call with a TypeError that says how it was called; never crash on the value.
 * The socket is CLOSED with its messages delivered, so the waiting matchers answer at once.
 */
import { expect } from "vitest";
import "vitest-environment-workers-ws/matchers";
import { settle, transcriptOf, type WebSocket, WebSocketPair } from "workers-ws";
import { argumentsWith } from "./bad-values.js";
import type { Call } from "./calls.js";

type Fn = (...args: unknown[]) => unknown;

/** One end of a pair that received "m", sent "n", and was closed by its peer with 1000 "bye". */
async function closedSocket(): Promise<WebSocket> {
  const [socket, peer] = new WebSocketPair();
  socket.accept();
  peer.accept();
  peer.send("m");
  socket.send("n");
  peer.close(1000, "bye");
  await settle();
  return socket;
}

/** `expect(received)[name]`, bound to its assertion (a matcher reads its flags from `this`). */
const assertion = (received: unknown, name: string): Fn => {
  const assert = expect(received) as unknown as Record<string, Fn>;
  // Called as a method, not bound: chai wraps each matcher in a proxy that refuses unknown properties.
  return (...args) => (assert[name] as Fn)(...args);
};
const asymmetric = (name: string): Fn => (expect as unknown as Record<string, Fn>)[name] as Fn;

/** The matchers with a good argument list (used when the received value is the bad one). */
const GOOD_ARGUMENTS: ReadonlyArray<readonly [name: string, args: readonly unknown[]]> = [
  ["toHaveReadyState", ["CLOSED"]],
  ["toHaveReadyStateHistory", [["OPEN", "CLOSING", "CLOSED"]]],
  ["toBeAccepted", []],
  ["toReachReadyState", ["CLOSED"]],
  ["toHaveSentMessages", [["n"]]],
  ["toHaveReceivedMessages", [["m"]]],
  ["toHaveSentMessage", ["n"]],
  ["toHaveReceivedMessage", ["m"]],
  ["toReceiveMessage", ["m"]],
  ["toHaveCloseCode", [1000]],
  ["toHaveBeenClosedWith", [{ code: 1000 }]],
  ["toClose", [{ code: 1000 }]],
  ["toHaveWebSocketTags", [[]]],
  ["toHaveDeliveredToHandler", ["webSocketMessage"]],
  ["toDeliverToHandler", ["webSocketClose", { code: 1000 }]],
  ["toBeHibernated", []],
  ["toHaveBeenConstructed", [1]],
];

/** The expected-value positions that take the bad values: [matcher, arguments before, arguments after]. */
const EXPECTED_POSITIONS: ReadonlyArray<
  readonly [name: string, before: readonly unknown[], after: readonly unknown[], label: string]
> = [
  ["toHaveReadyState", [], [], "·"],
  ["toHaveReadyStateHistory", [], [], "·"],
  ["toBeAccepted", [], [], "·"],
  ["toReachReadyState", [], [], "·"],
  ["toReachReadyState", ["CLOSED"], [], "'CLOSED', ·"],
  ["toHaveSentMessages", [], [], "·"],
  ["toHaveReceivedMessages", [], [], "·"],
  ["toHaveSentMessage", [], [], "·"],
  ["toHaveReceivedMessage", [], [], "·"],
  ["toReceiveMessage", [], [{ timeout: 10 }], "·, {timeout: 10}"],
  ["toReceiveMessage", ["m"], [], "'m', ·"],
  ["toHaveCloseCode", [], [], "·"],
  ["toHaveBeenClosedWith", [], [], "·"],
  ["toClose", [], [], "·"],
  ["toClose", [{ code: 1000 }], [], "{code: 1000}, ·"],
  ["toHaveWebSocketTags", [], [], "·"],
  ["toHaveDeliveredToHandler", [], [], "·"],
  ["toHaveDeliveredToHandler", ["webSocketMessage"], [], "'webSocketMessage', ·"],
  ["toHaveDeliveredToHandler", ["webSocketClose"], [], "'webSocketClose', ·"],
  ["toDeliverToHandler", ["webSocketMessage"], [{ timeout: 10 }], "'webSocketMessage', ·, {timeout: 10}"],
  ["toDeliverToHandler", ["webSocketMessage", "m"], [], "'webSocketMessage', 'm', ·"],
];

const throwsNotAccepted = (): never => {
  new WebSocketPair()[0].send("x");
  throw new Error("send() before accept() did not throw");
};

export const MATCHER_CALLS: readonly Call[] = [
  ...EXPECTED_POSITIONS.map(
    ([name, before, after, label]): Call => ({
      api: `expect(ws).${name}(${label})`,
      workers: false,
      run: async (v) => assertion(await closedSocket(), name)(...argumentsWith(before, v, after)),
    }),
  ),
  ...GOOD_ARGUMENTS.map(
    ([name, args]): Call => ({
      api: `expect(·).${name}(…)`,
      workers: false,
      run: (v) => assertion(v, name)(...args),
    }),
  ),
  {
    api: "expect(fn).toThrowWebSocketError(·)",
    workers: false,
    run: (v) => assertion(throwsNotAccepted, "toThrowWebSocketError")(...argumentsWith([], v)),
  },
  {
    api: "expect(fn).toThrowWebSocketError('NotAccepted', ·)",
    workers: false,
    run: (v) => assertion(throwsNotAccepted, "toThrowWebSocketError")(...argumentsWith(["NotAccepted"], v)),
  },
  {
    api: "expect(·).toThrowWebSocketError('NotAccepted')",
    workers: false,
    run: (v) => assertion(v, "toThrowWebSocketError")("NotAccepted"),
  },
  ...["closeEvent", "webSocketMessage"].map(
    (name): Call => ({
      api: `expect(event).toEqual(expect.${name}(·))`,
      workers: false,
      run: async (v) => {
        const socket = await closedSocket();
        expect(transcriptOf(socket).entries()).toContainEqual(asymmetric(name)(...argumentsWith([], v)));
      },
    }),
  ),
];
