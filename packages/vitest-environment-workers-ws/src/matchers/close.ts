import { isPageWebSocket, readyStateOf, type Transcript, WebSocket } from "workers-ws";
import { formatCloseDetails, formatCloseFields, formatValue, readyStateName } from "./format-transcript.js";
import {
  describeReceived,
  type MatcherContext,
  type MatcherResult,
  not,
  receivedSocket,
  result,
  timeoutArgument,
  usageError,
  type WaitOptions,
  waitEnding,
} from "./received-socket.js";

/** What a close is checked against; each field may be an asymmetric matcher. Absent fields are not checked. */
export interface CloseExpectation {
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

export interface CloseFields {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

const FIELDS = ["code", "reason", "wasClean"] as const;

/** A CloseEvent, from workers-ws or any other implementation: type "close" and a numeric code. */
export function isCloseEventLike(value: unknown): value is CloseFields & { type: string } {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { type?: unknown; code?: unknown };
  return v.type === "close" && typeof v.code === "number";
}

/** The close a matcher looks at: a socket's close event (or none yet), or the CloseEvent given. */
function closeOf(
  ctx: MatcherContext,
  name: string,
  received: unknown,
): { close: CloseFields | undefined; transcript: Transcript | undefined; socket: WebSocket | undefined } {
  if (received instanceof WebSocket || isPageWebSocket(received)) {
    const { transcript } = receivedSocket(ctx, name, received);
    return { close: transcript.closeEntry, transcript, socket: received as WebSocket };
  }
  if (isCloseEventLike(received)) {
    const { code, reason, wasClean } = received;
    return {
      close: { code, reason: String(reason), wasClean: Boolean(wasClean) },
      transcript: undefined,
      socket: undefined,
    };
  }
  throw usageError(
    ctx,
    name,
    `The received value must be a WebSocket from workers-ws or a CloseEvent; got ${describeReceived(received)}.`,
  );
}

function noCloseYet(socket: WebSocket | undefined): string {
  const state = socket ? `, readyState ${readyStateName(readyStateOf(socket))}` : "";
  return `no close event yet${state}`;
}

function checkExpectation(
  ctx: MatcherContext,
  name: string,
  expected: unknown,
  args: string,
): CloseExpectation {
  if (expected === undefined) return {};
  if (typeof expected !== "object" || expected === null || Array.isArray(expected)) {
    throw usageError(
      ctx,
      name,
      `The expected close must be an object with any of code, reason, wasClean; got ${formatValue(expected)}.`,
      args,
    );
  }
  const unknown = Object.keys(expected).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw usageError(
      ctx,
      name,
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")} in the expected close; use code, reason, wasClean.`,
      args,
    );
  }
  return expected as CloseExpectation;
}

function closeMatches(ctx: MatcherContext, close: CloseFields, expected: CloseExpectation): boolean {
  return FIELDS.every((field) => !(field in expected) || ctx.equals(close[field], expected[field]));
}

function formatExpectation(ctx: MatcherContext, expected: CloseExpectation): string {
  const parts = FIELDS.filter((field) => field in expected).map(
    (field) => `${field} ${formatValue(expected[field], (v) => ctx.utils.stringify(v))}`,
  );
  return parts.length === 0 ? "a close event" : parts.join(", ");
}

/** `expect(ws).toHaveCloseCode(1000)`: the socket's close event (or the CloseEvent given) has this code. */
export function toHaveCloseCode(this: MatcherContext, received: unknown, code: number): MatcherResult {
  const name = "toHaveCloseCode";
  const { close, transcript, socket } = closeOf(this, name, received);
  if (typeof code !== "number" || !Number.isInteger(code)) {
    throw usageError(this, name, `The expected code must be a whole number; got ${formatValue(code)}.`);
  }
  return result(
    this,
    name,
    close !== undefined && close.code === code,
    () => [
      `Expected close code: ${not(this)}${code}`,
      close
        ? `Received close code: ${close.code} (${formatCloseDetails(close)})`
        : `Received: ${noCloseYet(socket)}`,
    ],
    transcript,
    undefined,
    socket ? "socket" : "event",
  );
}

/**
 * `expect(ws).toHaveBeenClosedWith({ code: 1000, reason: "done", wasClean: true })`: the socket's
 * close event (or the CloseEvent given) has every field given.
 */
export function toHaveBeenClosedWith(
  this: MatcherContext,
  received: unknown,
  expected: CloseExpectation,
): MatcherResult {
  const name = "toHaveBeenClosedWith";
  const { close, transcript, socket } = closeOf(this, name, received);
  const expectation = checkExpectation(this, name, expected, "expected");
  return result(
    this,
    name,
    close !== undefined && closeMatches(this, close, expectation),
    () => [
      `Expected close: ${not(this)}${formatExpectation(this, expectation)}`,
      `Received close: ${close ? formatCloseFields(close) : noCloseYet(socket)}`,
    ],
    transcript,
    undefined,
    socket ? "socket" : "event",
  );
}

/**
 * `await expect(ws).toClose({ code: 1000 })`: waits for the socket's close event, then checks the
 * fields given. Fails after the timeout, or once the socket is CLOSED with nothing in flight.
 */
export async function toClose(
  this: MatcherContext,
  received: unknown,
  expected?: CloseExpectation,
  options?: WaitOptions,
): Promise<MatcherResult> {
  const name = "toClose";
  const args = expected === undefined ? "" : "expected";
  const { socket, transcript } = receivedSocket(this, name, received);
  const expectation = checkExpectation(this, name, expected, args);
  const timeout = timeoutArgument(this, name, options);
  let outcome: "met" | "closed" | "timeout" = "met";
  if (transcript.closeEntry === undefined) {
    outcome = await transcript.waitFor((entry) => entry.kind === "close", timeout);
  }
  const close = transcript.closeEntry;
  const pass = close !== undefined && closeMatches(this, close, expectation);
  return result(
    this,
    name,
    pass,
    () => [
      `Expected close: ${not(this)}${formatExpectation(this, expectation)}`,
      `Received close: ${close ? formatCloseFields(close) : noCloseYet(socket)}`,
      ...(close ? [] : [waitEnding(outcome, timeout, socket)]),
    ],
    transcript,
    args,
  );
}
