/**
 * Plain-data descriptions of the arguments the fuzzer passes. They print readably in a
 * counterexample, the real system builds values from them (system/build-values.ts) and the model
 * interprets them (here) with JavaScript's own conversions plus what workerd-observed.md states.
 */
import type { ModelSettings } from "./compat-model.js";
import { EXPECTED, type ThrownShape } from "./expected-errors.js";

export type PayloadSpec =
  | { kind: "none" }
  | { kind: "string"; value: string }
  | { kind: "arraybuffer"; bytes: number[] }
  | { kind: "uint8-view"; bytes: number[]; offset: number; length: number }
  | { kind: "dataview"; bytes: number[]; offset: number; length: number }
  | { kind: "int32array"; values: number[] }
  | { kind: "shared"; bytes: number[] }
  | { kind: "resizable"; bytes: number[] }
  | { kind: "detached" }
  | { kind: "number"; value: number }
  | { kind: "bigint"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "undefined" }
  | { kind: "object" }
  | { kind: "array"; items: number[] }
  | { kind: "custom-tostring"; text: string }
  | { kind: "blob"; text: string }
  | { kind: "symbol" };

/** What arrives at the peer: text, or binary bytes as hex. */
export type Frame = { type: "text"; text: string } | { type: "binary"; hex: string };

export type Converted<T> = { ok: true; value: T } | { ok: false; error: ThrownShape };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = <T>(error: ThrownShape): Converted<T> => ({ ok: false, error });

export function hex(bytes: readonly number[]): string {
  return bytes.map((b) => (b & 0xff).toString(16).padStart(2, "0")).join("");
}

function int32Bytes(values: readonly number[]): number[] {
  // Little-endian, as the observed Int32Array([1,-1]) → 01000000ffffffff.
  return values.flatMap((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
}

/**
 * workerd sends text as a UTF-8 kj::String: each lone surrogate comes out as three U+FFFD
 * (30-bad-input: "a\ud800b" arrives as "a\ufffd\ufffd\ufffdb").
 */
export function throughUtf8Bytes(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += s.slice(i, i + 2);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += "\ufffd\ufffd\ufffd";
    } else {
      out += s.charAt(i);
    }
  }
  return out;
}

/** USVString: each lone surrogate becomes one U+FFFD (11-close-reason). */
export function toUSV(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** send()'s argument as workerd converts it (§3 04/05, 30-bad-input). "none" means send(). */
export function sendFrame(spec: PayloadSpec, settings: ModelSettings): Converted<Frame> {
  const text = (s: string): Converted<Frame> => ok({ type: "text", text: throughUtf8Bytes(s) });
  const binary = (bytes: readonly number[]): Converted<Frame> => ok({ type: "binary", hex: hex(bytes) });
  switch (spec.kind) {
    case "none":
      return fail(EXPECTED.sendMissingArgument);
    case "string":
      return text(spec.value);
    case "arraybuffer":
    case "shared":
    case "resizable":
      return binary(spec.bytes);
    case "uint8-view":
    case "dataview":
      return binary(spec.bytes.slice(spec.offset, spec.offset + spec.length));
    case "int32array":
      return binary(int32Bytes(spec.values));
    case "detached":
      return binary([]); // "send(detachedBuffer) does not throw and delivers an empty message"
    case "number":
      return text(String(spec.value));
    case "bigint":
      return text(spec.value);
    case "boolean":
      return text(String(spec.value));
    case "null":
      return text("null");
    case "undefined":
      return text("undefined");
    case "object":
      return text("[object Object]");
    case "array":
      return text(spec.items.join(","));
    case "custom-tostring":
      return text(spec.text);
    case "blob":
      // A Blob is not binary to workerd: String() of it, whose tag needs set_tostring_tag.
      return text(settings.setToStringTag ? "[object Blob]" : "[object Object]");
    case "symbol":
      return fail(EXPECTED.symbolToString);
  }
}

export type CodeSpec =
  | { kind: "absent" }
  | { kind: "undefined" }
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "null" }
  | { kind: "boolean"; value: boolean }
  | { kind: "bigint"; value: string }
  | { kind: "symbol" };

export type ReasonSpec =
  | { kind: "absent" }
  | { kind: "undefined" }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "null" }
  | { kind: "symbol" };

/**
 * close(code, reason) validation in workerd's order: both arguments converted (code to a checked
 * int, reason to a USVString), then the code's validity, then the reason's UTF-8 length (with the
 * byte-limit flag), then reason-without-code (§3 09/10/11, 30-bad-input). All before state checks.
 */
export function closeArguments(
  code: CodeSpec,
  reason: ReasonSpec,
  settings: ModelSettings,
): Converted<{ code: number; reason: string }> {
  let c: number | undefined;
  switch (code.kind) {
    case "absent":
    case "undefined":
      c = undefined;
      break;
    case "symbol":
      return fail(EXPECTED.symbolToNumber);
    case "bigint":
      return fail(EXPECTED.bigintToNumber);
    default: {
      const raw = code.kind === "null" ? null : code.value;
      const n = Number(raw);
      const t = Number.isFinite(n) ? Math.trunc(n) : 0;
      if (t < -2147483648 || t > 2147483647) return fail(EXPECTED.intOutOfRange);
      c = t === 0 ? 0 : t; // -0 reads as 0
    }
  }
  let r: string | undefined;
  switch (reason.kind) {
    case "absent":
    case "undefined":
      r = undefined;
      break;
    case "symbol":
      return fail(EXPECTED.symbolToString);
    case "string":
      r = toUSV(reason.value);
      break;
    case "number":
      r = String(reason.value);
      break;
    case "null":
      r = "null";
      break;
  }
  if (c !== undefined && !validCode(c, settings.pedanticWpt)) return fail(EXPECTED.invalidCloseCode(c));
  if (r !== undefined && settings.closeReasonByteLimit && Buffer.byteLength(r, "utf8") > 123) {
    return fail(EXPECTED.reasonTooLong);
  }
  if (r !== undefined && c === undefined) return fail(EXPECTED.reasonWithoutCode);
  // No code: the peer sees 1005 and an empty reason (§3 09-close-no-args).
  return ok({ code: c ?? 1005, reason: r ?? "" });
}

/** workerd rejects <1000, >=5000, 1004, 1005, 1006 and 1015; pedantic_wpt: only 1000 and 3000–4999. */
function validCode(code: number, pedantic: boolean): boolean {
  if (pedantic) return code === 1000 || (code >= 3000 && code <= 4999);
  return code >= 1000 && code <= 4999 && ![1004, 1005, 1006, 1015].includes(code);
}

export type AcceptSpec =
  | { kind: "none" }
  | { kind: "null" }
  | { kind: "empty" }
  | { kind: "half-open"; value: unknown }
  | { kind: "primitive"; value: number | string };

/** accept(options) → allowHalfOpen override (undefined: none), or the TypeError for a primitive. */
export function acceptOptions(spec: AcceptSpec): Converted<boolean | undefined> {
  switch (spec.kind) {
    case "none":
    case "null":
    case "empty":
      return ok(undefined);
    case "half-open":
      return ok(spec.value === undefined ? undefined : Boolean(spec.value));
    case "primitive":
      return fail(EXPECTED.acceptOptionsType);
  }
}

export type BinaryTypeSpec = { kind: "string"; value: string } | { kind: "symbol" };
