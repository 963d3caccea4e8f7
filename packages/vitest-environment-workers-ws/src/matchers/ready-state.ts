import { readyStateOf, type TranscriptEntry } from "workers-ws";
import { formatReadyState, formatValue, readyStateName } from "./format-transcript.js";
import {
  type MatcherContext,
  type MatcherResult,
  not,
  readyStateArgument,
  receivedSocket,
  result,
  timeoutArgument,
  usageError,
  type WaitOptions,
  waitEnding,
} from "./received-socket.js";

/** A readyState as a number (0-3) or its name. */
export type ReadyStateLike = 0 | 1 | 2 | 3 | "CONNECTING" | "OPEN" | "CLOSING" | "CLOSED";

/** `expect(ws).toHaveReadyState("OPEN")`: the socket's readyState now. */
export function toHaveReadyState(
  this: MatcherContext,
  received: unknown,
  state: ReadyStateLike,
): MatcherResult {
  const name = "toHaveReadyState";
  const { socket, transcript } = receivedSocket(this, name, received);
  const expected = readyStateArgument(this, name, state);
  const actual = readyStateOf(socket);
  return result(
    this,
    name,
    actual === expected,
    () => [
      `Expected readyState: ${not(this)}${formatReadyState(expected)}`,
      `Received readyState: ${formatReadyState(actual)}`,
    ],
    transcript,
  );
}

/**
 * `expect(ws).toHaveReadyStateHistory(["OPEN", "CLOSING", "CLOSED"])`: every readyState the socket
 * has had, from its first, exactly and in order.
 */
export function toHaveReadyStateHistory(
  this: MatcherContext,
  received: unknown,
  states: readonly ReadyStateLike[],
): MatcherResult {
  const name = "toHaveReadyStateHistory";
  const { transcript } = receivedSocket(this, name, received);
  if (!Array.isArray(states)) {
    throw usageError(
      this,
      name,
      `The expected history must be an array of readyStates; got ${formatValue(states)}.`,
    );
  }
  const expected = states.map((state) => readyStateArgument(this, name, state));
  const actual = transcript.readyStates();
  const pass = expected.length === actual.length && expected.every((state, i) => state === actual[i]);
  const show = (list: readonly number[]) =>
    list.length === 0 ? "(none)" : list.map(readyStateName).join(" → ");
  return result(
    this,
    name,
    pass,
    () => [`Expected history: ${not(this)}${show(expected)}`, `Received history: ${show(actual)}`],
    transcript,
    "states",
  );
}

/** `expect(ws).toBeAccepted()`: accept() took effect (optionally with the allowHalfOpen in force). */
export function toBeAccepted(
  this: MatcherContext,
  received: unknown,
  options?: { allowHalfOpen?: boolean },
): MatcherResult {
  const name = "toBeAccepted";
  const args = options === undefined ? "" : "options";
  const { transcript } = receivedSocket(this, name, received);
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw usageError(
      this,
      name,
      `The options must be an object like { allowHalfOpen: true }; got ${formatValue(options)}.`,
      args,
    );
  }
  const wanted = options?.allowHalfOpen;
  if (wanted !== undefined && typeof wanted !== "boolean") {
    throw usageError(this, name, `allowHalfOpen must be true or false; got ${formatValue(wanted)}.`, args);
  }
  const accept = transcript.acceptEntry;
  const pass = accept !== undefined && (wanted === undefined || accept.halfOpen === wanted);
  const expectation = wanted === undefined ? "accepted" : `accepted with allowHalfOpen ${wanted}`;
  return result(
    this,
    name,
    pass,
    () => [
      `Expected: ${not(this)}${expectation}`,
      `Received: ${describeAccept(accept, transcript.entries())}`,
    ],
    transcript,
    args,
  );
}

function describeAccept(
  accept: Extract<TranscriptEntry, { kind: "accept" }> | undefined,
  entries: readonly TranscriptEntry[],
): string {
  if (accept) return `accepted with allowHalfOpen ${accept.halfOpen} (entry ${accept.seq})`;
  const threw = entries.find((entry) => entry.kind === "threw" && entry.method === "accept");
  return threw
    ? `not accepted: accept() threw (entry ${threw.seq})`
    : "not accepted: accept() was never called";
}

/**
 * `await expect(ws).toReachReadyState("CLOSED")`: waits until the socket's readyState is `state`.
 * Fails after the timeout, or at once when the socket is already past that state.
 */
export async function toReachReadyState(
  this: MatcherContext,
  received: unknown,
  state: ReadyStateLike,
  options?: WaitOptions,
): Promise<MatcherResult> {
  const name = "toReachReadyState";
  const { socket, transcript } = receivedSocket(this, name, received);
  const expected = readyStateArgument(this, name, state);
  const timeout = timeoutArgument(this, name, options);
  let outcome: "met" | "closed" | "timeout" = "met";
  if (readyStateOf(socket) < expected) {
    // States only move forward: stop as soon as the socket reaches or passes the one wanted.
    outcome = await transcript.waitFor(
      (entry) => entry.kind === "readyState" && entry.to >= expected,
      timeout,
    );
  }
  const actual = readyStateOf(socket);
  const pass = actual === expected;
  return result(
    this,
    name,
    pass,
    () => {
      const lines = [
        `Expected readyState: ${not(this)}${formatReadyState(expected)}`,
        `Received readyState: ${formatReadyState(actual)}`,
      ];
      if (!pass && actual > expected) lines.push(`The socket was already past ${readyStateName(expected)}.`);
      else if (!pass) lines.push(waitEnding(outcome, timeout, socket));
      return lines;
    },
    transcript,
  );
}
