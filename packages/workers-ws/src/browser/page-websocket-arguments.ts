/**
 * The checks of a browser's `new WebSocket(url, protocols)` and `close(code, reason)` (WHATWG
 * WebSockets), with Chromium's messages. They differ from workerd's (websocket/client-connect.ts,
 * close-validation.ts): the URL goes through the WHATWG parser against the page's base URL and
 * http(s) becomes ws(s); close() takes only 1000 and 3000–4999 (InvalidAccessError), and a
 * reason over 123 bytes is a SyntaxError. The 123-byte bound is the one both share (RFC 6455 §5.5).
 */
import { MAX_CLOSE_REASON_BYTES } from "../websocket/close-validation.js";
import type { PageRealm } from "./page-realm.js";

const CONSTRUCT = "Failed to construct 'WebSocket': ";
const CLOSE = "Failed to execute 'close' on 'WebSocket': ";

export interface PageSocketArguments {
  /** The URL as `ws.url` reports it (WHATWG serialization, ws: or wss:). */
  readonly url: string;
  readonly protocols: readonly string[];
}

/** WHATWG WebSocket constructor steps 1–11 (URL, scheme, fragment, protocols). */
export function validatePageSocketArguments(
  realm: PageRealm,
  url: unknown,
  protocols: unknown,
): PageSocketArguments {
  const text = `${url}`;
  let record: URL;
  try {
    record = new URL(text, realm.baseUrl());
  } catch {
    throw new realm.DOMException(`${CONSTRUCT}The URL '${text}' is invalid.`, "SyntaxError");
  }
  // WHATWG (2023): http: and https: URLs are accepted and become ws: and wss:. Chromium does this
  // since version 125; happy-dom still refuses them.
  if (record.protocol === "http:") record.protocol = "ws:";
  else if (record.protocol === "https:") record.protocol = "wss:";
  if (record.protocol !== "ws:" && record.protocol !== "wss:") {
    throw new realm.DOMException(
      `${CONSTRUCT}The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${record.protocol.slice(0, -1)}' is not allowed.`,
      "SyntaxError",
    );
  }
  // The spec refuses any fragment, even an empty one; happy-dom drops it instead.
  if (record.hash !== "" || text.includes("#")) {
    throw new realm.DOMException(
      `${CONSTRUCT}The URL contains a fragment identifier ('${record.hash.slice(1)}'). Fragment identifiers are not allowed in WebSocket URLs.`,
      "SyntaxError",
    );
  }
  return { url: record.href, protocols: readProtocols(realm, protocols) };
}

function readProtocols(realm: PageRealm, protocols: unknown): string[] {
  if (protocols === undefined) return [];
  // WebIDL (DOMString or sequence<DOMString>): an iterable object is a sequence, anything else a string.
  const list =
    typeof protocols === "object" && protocols !== null && Symbol.iterator in protocols
      ? Array.from(protocols as Iterable<unknown>, (item) => `${item}`)
      : [`${protocols}`];
  const seen = new Set<string>();
  for (const protocol of list) {
    if (!isToken(protocol)) {
      throw new realm.DOMException(`${CONSTRUCT}The subprotocol '${protocol}' is invalid.`, "SyntaxError");
    }
    // Case-sensitive, as in the spec and Chromium.
    if (seen.has(protocol)) {
      throw new realm.DOMException(`${CONSTRUCT}The subprotocol '${protocol}' is duplicated.`, "SyntaxError");
    }
    seen.add(protocol);
  }
  return list;
}

/** RFC 7230 token: visible ASCII without separators. */
function isToken(s: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s);
}

export interface PageCloseArguments {
  /** undefined: close() without a code (the Close frame carries none: 1005 for the peer). */
  readonly code: number | undefined;
  readonly reason: string;
}

/** WHATWG close() steps 1–2, with the [Clamp] unsigned short and USVString conversions. */
export function validatePageCloseArguments(
  realm: PageRealm,
  code: unknown,
  reason: unknown,
): PageCloseArguments {
  let clamped: number | undefined;
  if (code !== undefined) {
    clamped = clampUnsignedShort(code);
    if (clamped !== 1000 && !(clamped >= 3000 && clamped <= 4999)) {
      throw new realm.DOMException(
        `${CLOSE}The close code must be either 1000, or between 3000 and 4999. ${clamped} is neither.`,
        "InvalidAccessError",
      );
    }
  }
  const text = reason === undefined ? "" : toUSVString(`${reason}`);
  if (Buffer.byteLength(text, "utf8") > MAX_CLOSE_REASON_BYTES) {
    throw new realm.DOMException(
      `${CLOSE}The close reason must not be greater than ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes.`,
      "SyntaxError",
    );
  }
  return { code: clamped, reason: text };
}

/** WebIDL [Clamp] unsigned short: NaN is 0, the value is clamped to 0–65535, ties round to even. */
function clampUnsignedShort(value: unknown): number {
  const n = Number(value);
  if (Number.isNaN(n)) return 0;
  const clamped = Math.min(Math.max(n, 0), 65535);
  const floor = Math.floor(clamped);
  const fraction = clamped - floor;
  if (fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1)) return floor + 1;
  return floor;
}

/** WebIDL USVString: lone surrogates become U+FFFD. */
export function toUSVString(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
