import { createWebSocketError } from "../errors/catalogue.js";

/** ToString, then lone surrogates replaced by U+FFFD (WebIDL USVString; workerd since 2026-02-25). */
export function toUSVString(value: unknown): string {
  const s = `${value as string}`;
  const wellFormed = (s as { toWellFormed?: () => string }).toWellFormed;
  return typeof wellFormed === "function" ? wellFormed.call(s) : replaceLoneSurrogates(s);
}

function replaceLoneSurrogates(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** Length in bytes of the UTF-8 encoding of an already well-formed string. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * workerd's conversion to a C++ `int` (jsg value.h), used for close codes and the integer fields of
 * event dictionaries: int32 values as they are, anything else through ToNumber, non-finite results
 * become 0, fractions are truncated, and results outside the int32 range throw a TypeError.
 */
export function toInt32Checked(value: unknown, outOfRange: () => Error): number {
  if (typeof value === "number" && (value | 0) === value) return value;
  // Unary plus is V8's ToNumber: a BigInt or Symbol throws its TypeError (observed: close(10n)
  // throws "Cannot convert a BigInt value to a number"), where Number() would convert a BigInt.
  const n = +(value as number);
  if (!Number.isFinite(n)) return 0;
  const t = Math.trunc(n);
  if (t < -2147483648 || t > 2147483647) throw outOfRange();
  return t;
}

/**
 * A dictionary argument as jsg reads it: undefined and null mean an empty dictionary, any object
 * (functions and arrays included) is read as one, and any other value is a TypeError built by
 * `wrongType`.
 */
export function toDictionary<T extends object>(value: unknown, wrongType: () => Error): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") throw wrongType();
  return value as Partial<T>;
}

/**
 * ToString as V8 does it for a jsg string argument (a Symbol throws V8's TypeError), then the trip
 * through a UTF-8 kj::String: V8 writes a lone surrogate as its 3-byte generalized UTF-8 form, which
 * reads back as three U+FFFD (observed: new Event("a\ud800b").type has code points 97, 65533 ×3, 98).
 */
export function toDOMString(value: unknown): string {
  return throughKjString(`${value as string}`);
}

/** A JavaScript string after a round trip through a kj::String (see toDOMString). */
export function throughKjString(s: string): string {
  // Almost every string is well formed: checking that is a scan, replacing runs a regexp.
  return (s as WellFormedCheck).isWellFormed() ? s : s.replace(LONE_SURROGATE, "\ufffd\ufffd\ufffd");
}

/** String.prototype.isWellFormed (ES2024, in every Node.js this package supports; not in its TS lib). */
type WellFormedCheck = string & { isWellFormed(): boolean };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * jsg's conversion to a C++ uint32_t: uint32 values as they are, anything else through ToNumber;
 * non-finite results are TypeErrors, fractions are truncated before the range checks (observed in
 * workerd 2026-11-17: -0.5 gives 0, -1.5 is negative, 4294967295.5 is 4294967295), and values
 * below 0 or above 2^32 - 1 throw. (undefined is "not an integer": an Optional parameter treats it
 * as absent before converting.)
 */
export function toUint32Checked(value: unknown): number {
  if (typeof value === "number" && value >>> 0 === value) return value;
  const n = +(value as number);
  if (!Number.isFinite(n)) throw createWebSocketError("Uint32NotInteger");
  const t = Math.trunc(n);
  if (t < 0) throw createWebSocketError("Uint32Negative");
  if (t > 4294967295) throw createWebSocketError("Uint32OutOfRange");
  return t + 0;
}
