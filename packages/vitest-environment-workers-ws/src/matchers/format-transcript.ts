import { PayloadDigest, type ReadyStateValue, type Transcript, type TranscriptEntry } from "workers-ws";
import { bytesOf } from "./bytes-of.js";

/**
 * Plain-text renderings of what a socket did, shared by the failure messages and the snapshot
 * serializer. No colours: the text is the same in a terminal, in CI logs and in a snapshot.
 */

export const READY_STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"] as const;
export type ReadyStateName = (typeof READY_STATE_NAMES)[number];

/** How many transcript entries a failure message shows (the newest ones). */
export const TRANSCRIPT_LINES_IN_FAILURES = 20;
/** Longest text shown for one message before it is cut. */
const MAX_TEXT = 80;
/** Most bytes shown for one binary message. */
const MAX_BYTES = 16;

/** `1 (OPEN)`. */
export function formatReadyState(state: number): string {
  const name = READY_STATE_NAMES[state];
  return name === undefined ? String(state) : `${state} (${name})`;
}

export function readyStateName(state: number): string {
  return READY_STATE_NAMES[state] ?? String(state);
}

/** A message payload: text quoted (cut when long), binary as its length and first bytes. */
export function formatPayload(data: string | Uint8Array | PayloadDigest): string {
  if (typeof data === "string") return formatText(data);
  if (data instanceof PayloadDigest) return `<${data}>`;
  const shown = Array.from(data.subarray(0, MAX_BYTES), (b) => b.toString(16).padStart(2, "0")).join(" ");
  const more = data.byteLength > MAX_BYTES ? " …" : "";
  const unit = data.byteLength === 1 ? "byte" : "bytes";
  return data.byteLength === 0 ? "<binary 0 bytes>" : `<binary ${data.byteLength} ${unit}: ${shown}${more}>`;
}

function formatText(text: string): string {
  if (text.length <= MAX_TEXT) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_TEXT))}… (${text.length} characters)`;
}

/** A value given as an argument or expectation, compactly and without colours. */
export function formatValue(value: unknown, stringify?: (value: unknown) => string): string {
  if (typeof value === "string") return formatText(value);
  if (value instanceof PayloadDigest) return formatPayload(value);
  const bytes = bytesOf(value);
  if (bytes) return formatPayload(bytes);
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return `[Function${value.name ? ` ${value.name}` : ""}]`;
  if (value instanceof Error || isDomException(value)) return formatError(value);
  if (stringify) return stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function isDomException(value: unknown): value is DOMException {
  return typeof DOMException === "function" && value instanceof DOMException;
}

/** `TypeError: message`, or `DOMException InvalidAccessError: message`. */
export function formatError(error: unknown): string {
  if (error instanceof Error || isDomException(error)) {
    const e = error as { name: string; message: string };
    const name = isDomException(error) ? `DOMException ${e.name}` : e.name;
    return e.message === "" ? name : `${name}: ${e.message}`;
  }
  return `thrown ${formatValue(error)}`;
}

function formatArgs(args: readonly unknown[]): string {
  return args.map((arg) => formatValue(arg)).join(", ");
}

function formatHalfOpen(allowHalfOpen: boolean | undefined): string {
  return allowHalfOpen === undefined ? "" : `{ allowHalfOpen: ${allowHalfOpen} }`;
}

/** One transcript entry as one line. */
export function formatEntry(entry: TranscriptEntry): string {
  switch (entry.kind) {
    case "readyState":
      return `readyState ${readyStateName(entry.from)} → ${readyStateName(entry.to)} (${entry.cause})`;
    case "accept":
      return `accept(${formatHalfOpen(entry.allowHalfOpen)})`;
    case "sent":
      return `sent ${formatPayload(entry.data)}`;
    case "received":
      return `received ${formatPayload(entry.data)}`;
    case "closeCall":
      if (entry.code === undefined) return "close()";
      return entry.reason ? `close(${entry.code}, ${formatText(entry.reason)})` : `close(${entry.code})`;
    case "close":
      return `close event: ${formatCloseFields(entry)}`;
    case "error":
      return `error event: ${formatError(entry.error)}`;
    case "open":
      return "open event";
    case "threw":
      return `${entry.method}(${formatArgs(entry.args)}) threw ${formatError(entry.error)}`;
    case "ignored":
      return `${entry.method}(${formatArgs(entry.args)}) ignored`;
    case "acceptWebSocket":
      return `acceptWebSocket(${entry.tags.length === 0 ? "" : formatValue(entry.tags)}) by ${entry.owner}`;
    case "handler":
      return `→ ${entry.owner} ${entry.method}()`;
  }
}

/** `code 1000, reason "done", clean` */
export function formatCloseFields(close: { code: number; reason: string; wasClean: boolean }): string {
  return `code ${close.code}, ${formatCloseDetails(close)}`;
}

/** `reason "done", clean` */
export function formatCloseDetails(close: { reason: string; wasClean: boolean }): string {
  return `reason ${formatText(close.reason)}, ${close.wasClean ? "clean" : "not clean"}`;
}

/** The transcript's entries as lines, the newest `max` of them, with a header saying what is left out. */
export function formatTranscript(transcript: Transcript, max = TRANSCRIPT_LINES_IN_FAILURES): string {
  const entries = transcript.entries();
  if (transcript.total === 0) return "Transcript: empty (the socket has not done anything yet).";
  const shown = entries.slice(-max);
  const notes: string[] = [];
  if (shown.length < entries.length) notes.push(`the last ${shown.length} of ${transcript.total}`);
  else notes.push(`${transcript.total} ${transcript.total === 1 ? "entry" : "entries"}`);
  if (transcript.dropped > 0) {
    notes.push(`${transcript.dropped} older dropped by transcriptLimit ${transcript.limit}`);
  }
  if (transcript.digested > 0) {
    const n = transcript.digested;
    notes.push(
      `${n} ${n === 1 ? "payload" : "payloads"} kept as digest by transcriptBytes ${transcript.byteBudget}`,
    );
  }
  const width = String(shown[shown.length - 1]?.seq ?? 0).length;
  const lines = shown.map((entry) => `  ${String(entry.seq).padStart(width)}. ${formatEntry(entry)}`);
  return [`Transcript (${notes.join("; ")}):`, ...lines].join("\n");
}

/** A list of payloads or expectations, one numbered line each. */
export function formatList(items: readonly unknown[], stringify?: (value: unknown) => string): string {
  if (items.length === 0) return "  (none)";
  return items.map((item, i) => `  ${i + 1}. ${formatValue(item, stringify)}`).join("\n");
}

export type { ReadyStateValue };
