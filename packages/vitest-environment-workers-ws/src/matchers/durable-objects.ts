/**
 * Matchers for Durable Object tests: a hibernatable socket's tags, an object's constructions and
 * hibernation, and the handler calls a socket's transcript holds. They read workers-ws through its
 * read-only API (hibernatableSocketInfo, durableObjectInfo), never its internals.
 */
import {
  type DurableObjectInfo,
  type DurableObjectStub,
  durableObjectInfo,
  type HibernationHandlerName,
  hibernatableSocketInfo,
  type Transcript,
  type TranscriptEntry,
} from "workers-ws";
import { formatCloseFields, formatPayload, formatValue } from "./format-transcript.js";
import { checkExpectedMessage, type ExpectedMessage, messageMatches } from "./messages.js";
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

/** `expect(ws).toHaveWebSocketTags(["room:garden", "user:ada"])`: exactly these tags, in order. */
export function toHaveWebSocketTags(
  this: MatcherContext,
  received: unknown,
  tags: readonly string[],
): MatcherResult {
  const name = "toHaveWebSocketTags";
  const { socket, transcript } = receivedSocket(this, name, received);
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string")) {
    throw usageError(
      this,
      name,
      `The expected tags must be an array of strings; got ${formatValue(tags)}.`,
      "tags",
    );
  }
  const info = hibernatableSocketInfo(socket);
  const actual = info?.tags;
  // ctx.getTags() gives the tags in the order acceptWebSocket() was given them (workerd keeps them
  // as a list): the order is part of what is compared.
  const pass =
    actual !== undefined && actual.length === tags.length && actual.every((tag, i) => tag === tags[i]);
  return result(
    this,
    name,
    pass,
    () => [
      `Expected tags: ${not(this)}${formatValue(tags)}`,
      actual === undefined
        ? "Received: not a hibernatable socket (never accepted with state.acceptWebSocket()), so it has no tags"
        : `Received tags: ${formatValue(actual)} (accepted by ${ownerLabel(info?.owner)})`,
    ],
    transcript,
    "tags",
  );
}

function ownerLabel(owner: { className: string; bindingName?: string; id: string } | undefined): string {
  if (!owner) return "an object";
  return owner.bindingName
    ? `${owner.bindingName} (${owner.className}) ${owner.id}`
    : `${owner.className} ${owner.id}`;
}

/** The object behind the stub given to expect(), or a usage error saying what was given. */
function receivedObject(ctx: MatcherContext, name: string, received: unknown, args = ""): DurableObjectInfo {
  try {
    return durableObjectInfo(received as DurableObjectStub);
  } catch {
    throw usageError(
      ctx,
      name,
      `The received value must be a Durable Object stub (namespace.get(id), getByName(name)); got ${describeReceived(received)}.`,
      args,
      "stub",
    );
  }
}

function objectLabel(info: DurableObjectInfo): string {
  const where = info.bindingName ? `${info.bindingName} (${info.className})` : info.className;
  return `${where} ${info.name === undefined ? info.id : `"${info.name}"`}`;
}

function describeObject(info: DurableObjectInfo): string {
  const times = `${info.constructions} construction${info.constructions === 1 ? "" : "s"}`;
  if (info.constructions === 0) return "never constructed";
  return info.hibernated ? `hibernated (no instance in memory; ${times})` : `in memory (${times})`;
}

/** `expect(stub).toBeHibernated()`: constructed before, and no instance in memory now. */
export function toBeHibernated(this: MatcherContext, received: unknown): MatcherResult {
  const name = "toBeHibernated";
  const info = receivedObject(this, name, received);
  return result(
    this,
    name,
    info.hibernated,
    () => [`Expected: ${objectLabel(info)} ${not(this)}hibernated`, `Received: ${describeObject(info)}`],
    undefined,
    "",
    "stub",
  );
}

/**
 * `expect(stub).toHaveBeenConstructed(2)`: how many instances the object has had (each eviction
 * followed by a request or event constructs one more); without a number, at least one.
 */
export function toHaveBeenConstructed(
  this: MatcherContext,
  received: unknown,
  times?: number,
): MatcherResult {
  const name = "toHaveBeenConstructed";
  const args = times === undefined ? "" : "times";
  const info = receivedObject(this, name, received, args);
  if (times !== undefined && (typeof times !== "number" || !Number.isInteger(times) || times < 0)) {
    throw usageError(
      this,
      name,
      `The times must be a whole number, 0 or more; got ${formatValue(times)}.`,
      args,
      "stub",
    );
  }
  const pass = times === undefined ? info.constructions > 0 : info.constructions === times;
  const expected =
    times === undefined ? "constructed at least once" : `constructed ${times} time${times === 1 ? "" : "s"}`;
  return result(
    this,
    name,
    pass,
    () => [
      `Expected: ${objectLabel(info)} ${not(this)}${expected}`,
      `Received: ${info.constructions} construction${info.constructions === 1 ? "" : "s"}, ${info.hibernated ? "hibernated now" : info.constructions === 0 ? "never constructed" : "in memory now"}`,
    ],
    undefined,
    args,
    "stub",
  );
}

const HANDLERS: readonly HibernationHandlerName[] = ["webSocketMessage", "webSocketClose", "webSocketError"];

/** What a handler call is checked against: a message (webSocketMessage) or close fields (webSocketClose). */
export interface HandlerExpectations {
  webSocketMessage: ExpectedMessage;
  webSocketClose: { code?: number; reason?: string; wasClean?: boolean };
  webSocketError: never;
}
export type HandlerExpectation = HandlerExpectations[HibernationHandlerName];

type HandlerEntry = Extract<TranscriptEntry, { kind: "handler" }>;
type FrameEntry = Extract<TranscriptEntry, { kind: "received" | "close" | "error" }>;

/** One handler call and the frame it was given (the transcript records the frame just before it). */
interface HandlerCall {
  readonly entry: HandlerEntry;
  readonly frame: FrameEntry | undefined;
}

function handlerCalls(transcript: Transcript): HandlerCall[] {
  const calls: HandlerCall[] = [];
  let frame: FrameEntry | undefined;
  for (const entry of transcript.entries()) {
    if (entry.kind === "received" || entry.kind === "close" || entry.kind === "error") frame = entry;
    else if (entry.kind === "handler") {
      calls.push({ entry, frame });
      // A frame goes to one handler call at most (an auto-response's frame to none).
      frame = undefined;
    }
  }
  return calls;
}

function checkHandlerArguments(
  ctx: MatcherContext,
  name: string,
  method: unknown,
  expected: unknown,
  args: string,
): void {
  if (!HANDLERS.includes(method as HibernationHandlerName)) {
    throw usageError(
      ctx,
      name,
      `The handler must be "webSocketMessage", "webSocketClose" or "webSocketError"; got ${formatValue(method)}.`,
      args,
    );
  }
  if (expected === undefined) return;
  if (method === "webSocketMessage") {
    checkExpectedMessage(ctx, name, expected, args);
    return;
  }
  if (method === "webSocketError") {
    throw usageError(
      ctx,
      name,
      "webSocketError takes no expected value: check the error in the handler.",
      args,
    );
  }
  if (typeof expected !== "object" || expected === null || Array.isArray(expected)) {
    throw usageError(
      ctx,
      name,
      `The expected close must be an object with any of code, reason, wasClean; got ${formatValue(expected)}.`,
      args,
    );
  }
  const unknown = Object.keys(expected).filter((key) => !["code", "reason", "wasClean"].includes(key));
  if (unknown.length > 0) {
    throw usageError(
      ctx,
      name,
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")} in the expected close; use code, reason, wasClean.`,
      args,
    );
  }
}

function callMatches(ctx: MatcherContext, call: HandlerCall, method: string, expected: unknown): boolean {
  if (call.entry.method !== method) return false;
  if (expected === undefined) return true;
  const frame = call.frame;
  if (method === "webSocketMessage")
    return frame?.kind === "received" && messageMatches(frame.data, expected);
  if (frame?.kind !== "close") return false;
  const wanted = expected as Record<string, unknown>;
  return Object.keys(wanted).every((field) =>
    ctx.equals(frame[field as "code" | "reason" | "wasClean"], wanted[field]),
  );
}

function describeCall(call: HandlerCall): string {
  const { frame, entry } = call;
  if (entry.method === "webSocketMessage" && frame?.kind === "received") {
    return `${entry.method}(ws, ${formatPayload(frame.data)})`;
  }
  if (entry.method === "webSocketClose" && frame?.kind === "close") {
    return `${entry.method}(ws, ${formatCloseFields(frame)})`;
  }
  return `${entry.method}(ws)`;
}

function handlerLines(
  ctx: MatcherContext,
  transcript: Transcript,
  method: string,
  expected: unknown,
  index: number,
): string[] {
  const calls = handlerCalls(transcript);
  const like = expected === undefined ? "" : ` with ${formatValue(expected, (v) => ctx.utils.stringify(v))}`;
  const hibernatable = transcript.entries().some((entry) => entry.kind === "acceptWebSocket");
  return [
    `Expected ${ctx.isNot ? "no" : "a"} ${method}() call${like}`,
    `Handler calls (${calls.length})${index >= 0 ? `, call ${index + 1} matches` : ""}:`,
    calls.length === 0 ? "  (none)" : calls.map((call, i) => `  ${i + 1}. ${describeCall(call)}`).join("\n"),
    ...(hibernatable
      ? []
      : [
          "The socket was never accepted with state.acceptWebSocket(): handler calls are recorded on the object's end (state.getWebSockets()).",
        ]),
  ];
}

/**
 * `expect(ws).toHaveDeliveredToHandler("webSocketMessage", "hi")`: one of the hibernatable
 * socket's events so far went to that handler of its object (with that message, or those close
 * fields).
 */
export function toHaveDeliveredToHandler(
  this: MatcherContext,
  received: unknown,
  method: HibernationHandlerName,
  expected?: HandlerExpectation,
): MatcherResult {
  const name = "toHaveDeliveredToHandler";
  const args = expected === undefined ? "handler" : "handler, expected";
  const { transcript } = receivedSocket(this, name, received);
  checkHandlerArguments(this, name, method, expected, args);
  const index = handlerCalls(transcript).findIndex((call) => callMatches(this, call, method, expected));
  return result(
    this,
    name,
    index >= 0,
    () => handlerLines(this, transcript, method, expected, index),
    transcript,
    args,
  );
}

/**
 * `await expect(ws).toDeliverToHandler("webSocketClose", { code: 1000 })`: waits (real time,
 * default 1000 ms) until such a handler call is in the transcript (an earlier one counts too).
 */
export async function toDeliverToHandler(
  this: MatcherContext,
  received: unknown,
  method: HibernationHandlerName,
  expected?: HandlerExpectation,
  options?: WaitOptions,
): Promise<MatcherResult> {
  const name = "toDeliverToHandler";
  const args = expected === undefined ? "handler" : "handler, expected";
  const { socket, transcript } = receivedSocket(this, name, received);
  checkHandlerArguments(this, name, method, expected, args);
  const timeout = timeoutArgument(this, name, options);
  const find = () => handlerCalls(transcript).findIndex((call) => callMatches(this, call, method, expected));
  let outcome: "met" | "closed" | "timeout" = "met";
  let index = find();
  if (index < 0) {
    outcome = await transcript.waitFor((entry) => entry.kind === "handler" && find() >= 0, timeout);
    index = find();
  }
  return result(
    this,
    name,
    index >= 0,
    () => [
      ...handlerLines(this, transcript, method, expected, index),
      ...(index >= 0 ? [] : [waitEnding(outcome, timeout, socket)]),
    ],
    transcript,
    args,
  );
}
