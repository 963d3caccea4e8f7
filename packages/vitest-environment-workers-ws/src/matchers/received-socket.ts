import { isPageWebSocket, readyStateOf, type Transcript, transcriptOf, WebSocket } from "workers-ws";
import {
  formatTranscript,
  formatValue,
  READY_STATE_NAMES,
  type ReadyStateName,
} from "./format-transcript.js";

/**
 * What every matcher shares: the part of Vitest's matcher context it uses (declared here so one
 * build serves Vitest 3, 4 and 5), reading the socket given to `expect`, and building results.
 */
export interface MatcherContext {
  readonly isNot: boolean;
  equals(a: unknown, b: unknown, customTesters?: unknown[], strictCheck?: boolean): boolean;
  readonly customTesters?: unknown[];
  readonly utils: { stringify(value: unknown, maxDepth?: number, options?: object): string };
}

export interface MatcherResult {
  pass: boolean;
  message(): string;
  actual?: unknown;
  expected?: unknown;
}

/** How long the async matchers wait by default, in real milliseconds (fake timers do not count). */
export const DEFAULT_MATCHER_TIMEOUT_MS = 1000;

/** The last argument of the async matchers. */
export interface WaitOptions {
  /** Real milliseconds to wait before failing (default 1000; fake timers do not affect it). */
  timeout?: number;
}

/** `expect(socket).not.toX(expected)`: the first line of every message. */
export function matcherHint(
  ctx: MatcherContext,
  name: string,
  args = "expected",
  receivedLabel = "socket",
): string {
  return `expect(${receivedLabel})${ctx.isNot ? ".not" : ""}.${name}(${args})`;
}

/** A mistake in how a matcher was called (not a failed expectation): thrown, whatever `.not` says. */
export function usageError(
  ctx: MatcherContext,
  name: string,
  problem: string,
  args?: string,
  receivedLabel?: string,
): TypeError {
  return new TypeError(`${matcherHint(ctx, name, args, receivedLabel)}\n\n${problem}`);
}

export interface ReceivedSocket {
  readonly socket: WebSocket;
  readonly transcript: Transcript;
}

/** The WebSocket given to expect() and its transcript, or a usage error that says what was given. */
export function receivedSocket(ctx: MatcherContext, name: string, received: unknown): ReceivedSocket {
  // A browser page's socket (openPage) keeps a transcript too; the matchers read it the same way.
  if (isPageWebSocket(received)) {
    return { socket: received as WebSocket, transcript: transcriptOf(received as WebSocket) };
  }
  if (!(received instanceof WebSocket)) {
    // A page's socket to a URL no route answers is happy-dom's own network WebSocket: say why.
    const foreignSocket = describeReceived(received) === "a WebSocket";
    const hint = foreignSocket
      ? " A page's WebSocket has a transcript when a route answers its URL in memory; happy-dom's own network WebSocket (a real port) keeps none."
      : "";
    throw usageError(
      ctx,
      name,
      `The received value must be a WebSocket from workers-ws (an end of a WebSocketPair or a new WebSocket()); got ${describeReceived(received)}.${hint}`,
    );
  }
  return { socket: received, transcript: transcriptOf(received) };
}

export function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name !== "string" || name === "" || name === "Object") return "a plain object";
    return `${/^[AEIOU]/i.test(name) ? "an" : "a"} ${name}`;
  }
  return `${typeof value} ${formatValue(value)}`;
}

/** Joins a matcher's message: hint, the expected/received lines, and the socket's transcript. */
export function result(
  ctx: MatcherContext,
  name: string,
  pass: boolean,
  lines: () => readonly string[],
  transcript: Transcript | undefined,
  args?: string,
  receivedLabel?: string,
): MatcherResult {
  return {
    pass,
    message: () => {
      const parts = [matcherHint(ctx, name, args, receivedLabel), lines().join("\n")];
      if (transcript) parts.push(formatTranscript(transcript));
      return parts.join("\n\n");
    },
  };
}

/** "not " under `.not`, for "Expected …: not X". */
export function not(ctx: MatcherContext): string {
  return ctx.isNot ? "not " : "";
}

/** A readyState given as 0-3 or its name, as a number; anything else is a usage error. */
export function readyStateArgument(ctx: MatcherContext, name: string, state: unknown): number {
  if (typeof state === "number" && Number.isInteger(state) && state >= 0 && state <= 3) return state;
  if (typeof state === "string") {
    const index = READY_STATE_NAMES.indexOf(state as ReadyStateName);
    if (index >= 0) return index;
  }
  throw usageError(
    ctx,
    name,
    `A readyState must be 0, 1, 2, 3 or one of "CONNECTING", "OPEN", "CLOSING", "CLOSED"; got ${formatValue(state)}.`,
  );
}

/** The timeout of an async matcher, checked. */
export function timeoutArgument(ctx: MatcherContext, name: string, options: WaitOptions | undefined): number {
  if (options === undefined) return DEFAULT_MATCHER_TIMEOUT_MS;
  if (typeof options !== "object" || options === null) {
    throw usageError(
      ctx,
      name,
      `The options must be an object like { timeout: 500 }; got ${formatValue(options)}.`,
    );
  }
  const { timeout } = options;
  if (timeout === undefined) return DEFAULT_MATCHER_TIMEOUT_MS;
  if (typeof timeout !== "number" || Number.isNaN(timeout) || timeout < 0) {
    throw usageError(
      ctx,
      name,
      `The timeout must be a number of milliseconds, 0 or more (Infinity waits for ever); got ${formatValue(timeout)}.`,
    );
  }
  return timeout;
}

/** Why a wait ended without what it waited for, as a sentence. */
export function waitEnding(
  outcome: "closed" | "timeout" | "met",
  timeoutMs: number,
  socket: WebSocket,
): string {
  if (outcome === "closed")
    return "The socket is CLOSED and nothing more is in flight, so it cannot happen any more.";
  const state = READY_STATE_NAMES[readyStateOf(socket)] ?? String(readyStateOf(socket));
  return `Waited ${timeoutMs} ms (real time); the socket is ${state}.`;
}
