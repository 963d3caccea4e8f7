import { PayloadDigest, type Transcript } from "workers-ws";
import { bytesOf } from "./bytes-of.js";
import { formatList, formatValue } from "./format-transcript.js";
import {
  type MatcherContext,
  type MatcherResult,
  receivedSocket,
  result,
  timeoutArgument,
  usageError,
  type WaitOptions,
  waitEnding,
} from "./received-socket.js";

/** What a recorded message is: text, or the bytes of a binary message. */
/** A message as a transcript keeps it: text, bytes, or their digest beyond the byte budget. */
export type MessagePayload = string | Uint8Array | PayloadDigest;

/**
 * What a message can be compared with: a string (text, compared as a string), binary data (an
 * ArrayBuffer or any view of one, compared by bytes whatever the view type), or an asymmetric
 * matcher (it sees text as a string and binary as an ArrayBuffer).
 */
export type ExpectedMessage = string | ArrayBuffer | ArrayBufferView | AsymmetricMatcherLike;

export interface AsymmetricMatcherLike {
  asymmetricMatch(other: unknown): boolean;
}

export function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcherLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === "function"
  );
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What an asymmetric matcher is shown: text as a string, binary as an ArrayBuffer of its bytes. */
export function payloadForMatchers(data: MessagePayload): string | ArrayBuffer | PayloadDigest {
  if (typeof data === "string" || data instanceof PayloadDigest) return data;
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data.buffer as ArrayBuffer;
  return data.slice().buffer as ArrayBuffer;
}

/** Checks an expected message before any comparison, so a mistake is reported as one. */
export function checkExpectedMessage(
  ctx: MatcherContext,
  name: string,
  expected: unknown,
  args?: string,
): void {
  if (typeof expected === "string" || isAsymmetricMatcher(expected) || bytesOf(expected) !== undefined)
    return;
  if (typeof Blob === "function" && expected instanceof Blob) {
    throw usageError(
      ctx,
      name,
      "A Blob cannot be compared synchronously: pass its bytes instead (await blob.arrayBuffer()).",
      args,
    );
  }
  throw usageError(
    ctx,
    name,
    `An expected message must be a string, an ArrayBuffer or view of one, or an asymmetric matcher; got ${formatValue(expected)}. (send() turns other values into strings: compare with the string.)`,
    args,
  );
}

/** Whether a recorded message is the expected one (see ExpectedMessage). */
export function messageMatches(data: MessagePayload, expected: unknown): boolean {
  if (data instanceof PayloadDigest) {
    // Beyond the byte budget only size and SHA-256 are kept: an exact string or bytes can still
    // be recognised, an asymmetric matcher sees the digest.
    if (isAsymmetricMatcher(expected)) return expected.asymmetricMatch(data);
    const wanted = typeof expected === "string" ? expected : bytesOf(expected);
    return wanted !== undefined && data.matches(wanted);
  }
  if (typeof expected === "string") return data === expected;
  if (isAsymmetricMatcher(expected)) return expected.asymmetricMatch(payloadForMatchers(data));
  const bytes = bytesOf(expected);
  return bytes !== undefined && typeof data !== "string" && sameBytes(data, bytes);
}

type Direction = "received" | "sent";

function messagesOf(transcript: Transcript, direction: Direction): MessagePayload[] {
  const list: MessagePayload[] = [];
  for (const entry of transcript.entries()) if (entry.kind === direction) list.push(entry.data);
  return list;
}

function droppedNote(transcript: Transcript): string[] {
  const notes: string[] = [];
  if (transcript.dropped > 0) {
    notes.push(
      `Note: the transcript dropped its ${transcript.dropped} oldest entries (transcriptLimit ${transcript.limit}), so earlier messages are not known. Raise transcriptLimit to keep them.`,
    );
  }
  if (transcript.digested > 0) {
    notes.push(
      `Note: ${transcript.digested} older message${transcript.digested === 1 ? " is" : "s are"} kept only as size and SHA-256 (transcriptBytes ${transcript.byteBudget}): they still match an exact string or bytes, not a pattern. Raise transcriptBytes to keep them whole.`,
    );
  }
  return notes;
}

function exactList(
  ctx: MatcherContext,
  name: string,
  direction: Direction,
  received: unknown,
  expected: readonly unknown[],
): MatcherResult {
  const { transcript } = receivedSocket(ctx, name, received);
  if (!Array.isArray(expected)) {
    throw usageError(
      ctx,
      name,
      `The expected messages must be an array; got ${formatValue(expected)}.`,
      "messages",
    );
  }
  for (const message of expected) checkExpectedMessage(ctx, name, message, "messages");
  const actual = messagesOf(transcript, direction);
  const complete = transcript.dropped === 0;
  const firstDifference = firstMismatch(actual, expected);
  const pass = complete && firstDifference === -1;
  const stringify = (value: unknown) => ctx.utils.stringify(value);
  return result(
    ctx,
    name,
    pass,
    () => {
      const lines = [
        `Expected messages ${direction} (${ctx.isNot ? "not these" : expected.length}):`,
        formatList(expected, stringify),
        `Actual messages ${direction} (${actual.length}):`,
        formatList(actual),
      ];
      if (firstDifference >= 0 && !ctx.isNot) lines.push(`First difference: message ${firstDifference + 1}.`);
      return [...lines, ...droppedNote(transcript)];
    },
    transcript,
    "messages",
  );
}

function firstMismatch(actual: readonly MessagePayload[], expected: readonly unknown[]): number {
  const length = Math.max(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    if (i >= actual.length || i >= expected.length) return i;
    if (!messageMatches(actual[i] as MessagePayload, expected[i])) return i;
  }
  return -1;
}

/** `expect(ws).toHaveReceivedMessages(["a", "b"])`: every message received so far, in order. */
export function toHaveReceivedMessages(
  this: MatcherContext,
  received: unknown,
  messages: readonly ExpectedMessage[],
): MatcherResult {
  return exactList(this, "toHaveReceivedMessages", "received", received, messages);
}

/** `expect(ws).toHaveSentMessages(["a", "b"])`: every message sent so far, in order. */
export function toHaveSentMessages(
  this: MatcherContext,
  received: unknown,
  messages: readonly ExpectedMessage[],
): MatcherResult {
  return exactList(this, "toHaveSentMessages", "sent", received, messages);
}

function atLeastOnce(
  ctx: MatcherContext,
  name: string,
  direction: Direction,
  received: unknown,
  expected: unknown,
): MatcherResult {
  const { transcript } = receivedSocket(ctx, name, received);
  checkExpectedMessage(ctx, name, expected, "message");
  const actual = messagesOf(transcript, direction);
  const index = actual.findIndex((data) => messageMatches(data, expected));
  return result(
    ctx,
    name,
    index >= 0,
    () => [
      `Expected ${ctx.isNot ? "no" : "a"} message ${direction} like: ${formatValue(expected, (v) => ctx.utils.stringify(v))}`,
      `Actual messages ${direction} (${actual.length})${index >= 0 ? `, message ${index + 1} matches` : ""}:`,
      formatList(actual),
      ...(index < 0 ? droppedNote(transcript) : []),
    ],
    transcript,
    "message",
  );
}

/** `expect(ws).toHaveReceivedMessage("hello")`: received at least once so far. */
export function toHaveReceivedMessage(
  this: MatcherContext,
  received: unknown,
  message: ExpectedMessage,
): MatcherResult {
  return atLeastOnce(this, "toHaveReceivedMessage", "received", received, message);
}

/** `expect(ws).toHaveSentMessage("hello")`: sent at least once so far. */
export function toHaveSentMessage(
  this: MatcherContext,
  received: unknown,
  message: ExpectedMessage,
): MatcherResult {
  return atLeastOnce(this, "toHaveSentMessage", "sent", received, message);
}

/**
 * `await expect(ws).toReceiveMessage("pong")`: passes as soon as the socket has received a
 * matching message (one received earlier counts too). Fails after the timeout, or once the socket
 * is CLOSED with nothing in flight.
 */
export async function toReceiveMessage(
  this: MatcherContext,
  received: unknown,
  message: ExpectedMessage,
  options?: WaitOptions,
): Promise<MatcherResult> {
  const name = "toReceiveMessage";
  const { socket, transcript } = receivedSocket(this, name, received);
  checkExpectedMessage(this, name, message, "message");
  const timeout = timeoutArgument(this, name, options);
  let found = messagesOf(transcript, "received").some((data) => messageMatches(data, message));
  let outcome: "met" | "closed" | "timeout" = "met";
  if (!found) {
    outcome = await transcript.waitFor(
      (entry) => entry.kind === "received" && messageMatches(entry.data, message),
      timeout,
    );
    found = outcome === "met";
  }
  const actual = messagesOf(transcript, "received");
  return result(
    this,
    name,
    found,
    () => [
      `Expected ${this.isNot ? "no" : "a"} message received like: ${formatValue(message, (v) => this.utils.stringify(v))}`,
      `Actual messages received (${actual.length}):`,
      formatList(actual),
      ...(found ? [] : [waitEnding(outcome, timeout, socket)]),
    ],
    transcript,
    "message",
  );
}
