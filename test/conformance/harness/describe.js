// Turns any JavaScript value into a JSON-safe description, the same way in workerd and in Node.
//
// This file runs inside workerd (as an ES module of the generated worker) and inside Node (for the
// emulation), so it may use only language built-ins and Workers globals, and it must look globals up at
// call time: the emulation installs WebSocket, Event, … per case, after this module was loaded.
//
// Plain JSON values (strings, finite numbers, booleans, null, plain objects, arrays) describe as
// themselves. Everything else becomes a tagged object `{ "$": kind, … }`; scenarios must not log plain
// objects with a "$" key of their own.

/** Strings longer than this are recorded as length + head + checksum, to keep traces readable. */
const LONG_STRING = 300;
/** Binary data longer than this is recorded as length + head + checksum instead of full hex. */
const LONG_BINARY = 64;
/** Nesting limit for plain objects and arrays; deeper values are summarised. */
const MAX_DEPTH = 4;

/** FNV-1a over UTF-16 code units or bytes: a cheap, deterministic fingerprint for long data. */
function fnv1a(length, unitAt) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    hash ^= unitAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function hex(bytes, end = bytes.length) {
  let out = "";
  for (let i = 0; i < end; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

/** Hex of a byte array, or a summary when it is long. */
export function describeBytes(bytes) {
  if (bytes.length <= LONG_BINARY) return hex(bytes);
  return { length: bytes.length, head: hex(bytes, 16), fnv1a: fnv1a(bytes.length, (i) => bytes[i]) };
}

function describeString(s) {
  if (s.length <= LONG_STRING) return s;
  return {
    $: "long-string",
    length: s.length,
    head: s.slice(0, 40),
    fnv1a: fnv1a(s.length, (i) => s.charCodeAt(i)),
  };
}

/** The constructor name, without ever throwing (getters on foreign objects can throw). */
export function className(value) {
  try {
    const ctor = value.constructor;
    return typeof ctor === "function" ? ctor.name : String(ctor);
  } catch {
    return "<unreadable>";
  }
}

function isInstance(value, globalName) {
  const ctor = globalThis[globalName];
  return typeof ctor === "function" && value instanceof ctor;
}

/** What a thrown value looks like: class, name, message and, for DOMException, its legacy code. */
export function describeError(error) {
  if (error === null || (typeof error !== "object" && typeof error !== "function")) {
    return { thrownValue: describe(error) };
  }
  const out = { class: className(error), name: safeGet(error, "name"), message: safeGet(error, "message") };
  const code = safeGet(error, "code");
  if (typeof code === "number") out.code = code;
  return out;
}

function safeGet(object, key) {
  try {
    const value = object[key];
    return typeof value === "string" || typeof value === "number" ? value : describe(value);
  } catch (e) {
    return { $: "getter-threw", error: describeError(e) };
  }
}

/** Fields an Event may carry; recorded when present (`in`) so every event class is covered alike. */
const EVENT_FIELDS = [
  "bubbles",
  "cancelable",
  "composed",
  "isTrusted",
  "defaultPrevented",
  "eventPhase",
  "data",
  "origin",
  "lastEventId",
  "source",
  "ports",
  "code",
  "reason",
  "wasClean",
  "message",
  "filename",
  "lineno",
  "colno",
  "error",
];

/**
 * Describes `value`. `ctx` supplies socket names (so a WebSocket shows as the name a scenario gave it)
 * and collects Blobs whose bytes are read when the trace is finalised.
 */
export function describe(value, ctx = {}, depth = 0) {
  switch (typeof value) {
    case "string":
      return describeString(value);
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0)
        ? value
        : { $: "number", value: Object.is(value, -0) ? "-0" : String(value) };
    case "boolean":
      return value;
    case "undefined":
      return { $: "undefined" };
    case "bigint":
      return { $: "bigint", value: String(value) };
    case "symbol":
      return { $: "symbol", value: String(value) };
    case "function":
      return { $: "function", name: value.name };
  }
  if (value === null) return null;
  try {
    return describeObject(value, ctx, depth);
  } catch (e) {
    return { $: "describe-threw", error: describeError(e) };
  }
}

function describeObject(value, ctx, depth) {
  const socketName = ctx.socketNames?.get(value);
  if (socketName !== undefined) return { $: "socket", name: socketName };
  if (isInstance(value, "WebSocket")) return { $: "WebSocket", unnamed: true };
  if (value instanceof ArrayBuffer) return { $: "ArrayBuffer", bytes: describeBytes(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $: className(value), bytes: describeBytes(bytes) };
  }
  if (isInstance(value, "Blob")) {
    const entry = { $: className(value), size: value.size, type: value.type, bytes: "<unread>" };
    // Reading a Blob is asynchronous; doing it inside a listener could shift later events, so the
    // bytes are read once the trace is finalised (Blobs are immutable, the result is the same).
    ctx.blobs?.push({ blob: value, entry });
    return entry;
  }
  if (value instanceof Error || isInstance(value, "DOMException"))
    return { $: "error", ...describeError(value) };
  if (isInstance(value, "Event")) return describeEvent(value, ctx, depth);
  if (depth >= MAX_DEPTH) return { $: "too-deep", class: className(value) };
  if (Array.isArray(value)) return value.map((item) => describe(item, ctx, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out = {};
    for (const key of Object.keys(value)) out[key] = describe(value[key], ctx, depth + 1);
    return out;
  }
  return { $: "object", class: className(value), tag: Object.prototype.toString.call(value) };
}

function describeEvent(event, ctx, depth) {
  const out = { $: "event", class: className(event), type: event.type };
  for (const field of EVENT_FIELDS) {
    if (field in event) out[field] = describe(event[field], ctx, depth + 1);
  }
  for (const field of ["target", "currentTarget"]) out[field] = describe(event[field], ctx, depth + 1);
  return out;
}
