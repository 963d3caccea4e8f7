import { PayloadDigest } from "workers-ws";
import { bytesOf } from "./bytes-of.js";
import { type CloseExpectation, isCloseEventLike } from "./close.js";
import { formatCloseFields, formatPayload, formatValue } from "./format-transcript.js";
import { isAsymmetricMatcher, type MessagePayload, messageMatches } from "./messages.js";
import { type MatcherContext, type MatcherResult, not, result, usageError } from "./received-socket.js";

/**
 * Matchers meant for use inside other expectations. Registered with expect.extend, so Vitest
 * provides `expect.closeEvent(...)`, `expect.not.closeEvent(...)`, `expect.webSocketMessage(...)`
 * and `expect.not.webSocketMessage(...)` (and copies them to a test's local `expect`).
 * They never throw for a received value of another type: they just do not match it.
 */

const CLOSE_FIELDS = ["code", "reason", "wasClean"] as const;

/**
 * `expect.closeEvent({ code: 1000 })` matches a CloseEvent (or a transcript's close entry) whose
 * fields equal the ones given; each may be an asymmetric matcher. With no argument, any close event.
 */
export function closeEvent(
  this: MatcherContext,
  received: unknown,
  expected?: CloseExpectation,
): MatcherResult {
  const name = "closeEvent";
  if (expected !== undefined && (typeof expected !== "object" || expected === null)) {
    throw usageError(
      this,
      name,
      `The expected close must be an object; got ${formatValue(expected)}.`,
      "expected",
      "value",
    );
  }
  const unknown = Object.keys(expected ?? {}).filter(
    (key) => !(CLOSE_FIELDS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    throw usageError(
      this,
      name,
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; use code, reason, wasClean.`,
      "expected",
      "value",
    );
  }
  const fields = expected ?? {};
  const close = asClose(received);
  const pass =
    close !== undefined &&
    CLOSE_FIELDS.every((field) => !(field in fields) || this.equals(close[field], fields[field]));
  return result(
    this,
    name,
    pass,
    () => [
      `Expected: ${not(this)}a close event${describeFields(this, fields)}`,
      `Received: ${close ? `close event: ${formatCloseFields(close)}` : formatValue(received, (v) => this.utils.stringify(v))}`,
    ],
    undefined,
    "expected",
    "value",
  );
}

function asClose(value: unknown): { code: number; reason: string; wasClean: boolean } | undefined {
  if (isCloseEventLike(value))
    return { code: value.code, reason: String(value.reason), wasClean: Boolean(value.wasClean) };
  const entry = value as { kind?: unknown; code?: unknown; reason?: unknown; wasClean?: unknown } | null;
  if (
    typeof entry === "object" &&
    entry !== null &&
    entry.kind === "close" &&
    typeof entry.code === "number"
  ) {
    return { code: entry.code, reason: String(entry.reason), wasClean: Boolean(entry.wasClean) };
  }
  return undefined;
}

function describeFields(ctx: MatcherContext, fields: CloseExpectation): string {
  const parts = CLOSE_FIELDS.filter((field) => field in fields).map(
    (field) => `${field} ${formatValue(fields[field], (v) => ctx.utils.stringify(v))}`,
  );
  return parts.length === 0 ? "" : ` with ${parts.join(", ")}`;
}

/** What `expect.webSocketMessage()` accepts as its expectation. */
export type WebSocketMessageExpectation =
  | string
  | ArrayBuffer
  | ArrayBufferView
  | RegExp
  | {
      /** "text" or "binary". */
      type?: "text" | "binary";
      /** The payload: a string, binary data, a RegExp (text only) or an asymmetric matcher. */
      data?: unknown;
      /** Text that parses as JSON equal to this (asymmetric matchers allowed inside). */
      json?: unknown;
    };

const SPEC_FIELDS = ["type", "data", "json"] as const;

/**
 * `expect.webSocketMessage(expected)` matches a message payload (a string, an ArrayBuffer or a view
 * of one), a MessageEvent (by its data) or a transcript's sent/received entry. Text compares as
 * text and binary by bytes, whatever the view type; a RegExp tests text; `{ type, data, json }`
 * checks any of: the kind of message, its payload, and the value its text parses to as JSON.
 * A Blob never matches (it cannot be read synchronously).
 */
export function webSocketMessage(
  this: MatcherContext,
  received: unknown,
  expected: WebSocketMessageExpectation,
): MatcherResult {
  const name = "webSocketMessage";
  const spec = readSpec(this, expected);
  const payload = asPayload(received);
  const pass = payload !== undefined && specMatches(this, payload, spec);
  return result(
    this,
    name,
    pass,
    () => [
      `Expected: ${not(this)}a WebSocket message ${describeSpec(this, spec)}`,
      `Received: ${payload !== undefined ? formatPayload(payload) : formatValue(received, (v) => this.utils.stringify(v))}`,
    ],
    undefined,
    "expected",
    "value",
  );
}

interface MessageSpec {
  readonly type?: "text" | "binary";
  readonly data?: unknown;
  readonly hasData: boolean;
  readonly json?: unknown;
  readonly hasJson: boolean;
}

function readSpec(ctx: MatcherContext, expected: unknown): MessageSpec {
  const problem = (text: string) => usageError(ctx, "webSocketMessage", text, "expected", "value");
  if (typeof expected === "string" || expected instanceof RegExp || isAsymmetricMatcher(expected)) {
    return { data: expected, hasData: true, hasJson: false };
  }
  if (bytesOf(expected) !== undefined) return { data: expected, hasData: true, hasJson: false };
  if (typeof expected !== "object" || expected === null || Array.isArray(expected)) {
    throw problem(
      `Expected a string, binary data, a RegExp, an asymmetric matcher or { type, data, json }; got ${formatValue(expected)}.`,
    );
  }
  const unknown = Object.keys(expected).filter((key) => !(SPEC_FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw problem(
      `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; use type, data, json.`,
    );
  }
  const spec = expected as { type?: unknown; data?: unknown; json?: unknown };
  if (spec.type !== undefined && spec.type !== "text" && spec.type !== "binary") {
    throw problem(`type must be "text" or "binary"; got ${formatValue(spec.type)}.`);
  }
  return {
    type: spec.type as MessageSpec["type"],
    data: spec.data,
    hasData: "data" in spec,
    json: spec.json,
    hasJson: "json" in spec,
  };
}

function asPayload(value: unknown): MessagePayload | undefined {
  if (typeof value === "string" || value instanceof PayloadDigest) return value;
  const bytes = bytesOf(value);
  if (bytes !== undefined) return bytes;
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { type?: unknown; data?: unknown; kind?: unknown };
  if (v.kind === "sent" || v.kind === "received") return asPayload(v.data);
  if (v.type === "message" && "data" in v) return asPayload(v.data);
  return undefined;
}

function specMatches(ctx: MatcherContext, payload: MessagePayload, spec: MessageSpec): boolean {
  const type =
    payload instanceof PayloadDigest ? payload.type : typeof payload === "string" ? "text" : "binary";
  if (spec.type !== undefined && spec.type !== type) return false;
  if (spec.hasData) {
    const data = spec.data;
    if (data instanceof RegExp) {
      if (typeof payload !== "string") return false;
      data.lastIndex = 0;
      if (!data.test(payload)) return false;
    } else if (!messageMatches(payload, data)) {
      return false;
    }
  }
  if (spec.hasJson) {
    if (typeof payload !== "string") return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return false;
    }
    if (!ctx.equals(parsed, spec.json)) return false;
  }
  return true;
}

function describeSpec(ctx: MatcherContext, spec: MessageSpec): string {
  const stringify = (v: unknown) => ctx.utils.stringify(v);
  const parts: string[] = [];
  if (spec.type) parts.push(`of type ${spec.type}`);
  if (spec.hasData)
    parts.push(
      spec.data instanceof RegExp
        ? `matching ${String(spec.data)}`
        : `equal to ${formatValue(spec.data, stringify)}`,
    );
  if (spec.hasJson) parts.push(`whose JSON equals ${stringify(spec.json)}`);
  return parts.length === 0 ? "(any)" : parts.join(", ");
}
