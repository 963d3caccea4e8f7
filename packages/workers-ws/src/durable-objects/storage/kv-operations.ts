/**
 * get / put / delete / list over a key-value view, with workerd's argument rules and errors
 * (observed in workerd 2026-11-17, in-memory storage): shared by ctx.storage and a transaction.
 * Every method returns a Promise; bad arguments reject it.
 */
import { createWebSocketError } from "../../errors/catalogue.js";
import { compareKeys, type KeyValueView } from "./key-value-store.js";
import { checkKey, deserializeValue, serializeValue } from "./serialized-value.js";

/** workerd rpc::ActorStorage::MAX_KEYS: only get() of several keys is held to it (observed). */
const MAX_KEYS_PER_GET = 128;

export interface ListOptions {
  start?: string;
  startAfter?: string;
  end?: string;
  prefix?: string;
  reverse?: boolean;
  limit?: number;
  allowConcurrency?: boolean;
  noCache?: boolean;
}

type Iface = "DurableObjectStorage" | "DurableObjectTransaction";

export function getFrom(view: KeyValueView, iface: Iface, args: unknown[]): unknown {
  if (args.length === 0 || args[0] === undefined || args[0] === null) {
    throw createWebSocketError("ArgumentType", "get", iface, 1, "string or Array");
  }
  const keys = args[0];
  if (!Array.isArray(keys)) {
    const bytes = view.read(checkKey(keys));
    return bytes === undefined ? undefined : deserializeValue(bytes);
  }
  if (keys.length > MAX_KEYS_PER_GET) throw createWebSocketError("StorageTooManyKeys", keys.length);
  const wanted = new Set(keys.map(checkKey));
  // workerd: the Map is in key order, each key once, missing keys left out (observed).
  const result = new Map<string, unknown>();
  for (const key of [...wanted].sort(compareKeys)) {
    const bytes = view.read(key);
    if (bytes !== undefined) result.set(key, deserializeValue(bytes));
  }
  return result;
}

export function putInto(view: KeyValueView, iface: Iface, args: unknown[]): void {
  const first = args[0];
  if (args.length === 0 || first === undefined || first === null) {
    throw createWebSocketError("ArgumentType", "put", iface, 1, "string or object");
  }
  if (typeof first === "object") {
    // Every value is checked before anything is written (a refused batch writes nothing).
    // workerd: an entry whose value is undefined is skipped (observed: it is not listed after).
    const entries: [string, Buffer][] = [];
    for (const [key, value] of Object.entries(first)) {
      const checked = checkKey(key);
      if (value !== undefined) entries.push([checked, serializeValue(value)]);
    }
    for (const [key, bytes] of entries) view.write(key, bytes);
    return;
  }
  const key = checkKey(first);
  if (args[1] === undefined) throw createWebSocketError("StoragePutUndefined");
  view.write(key, serializeValue(args[1]));
}

export function deleteFrom(view: KeyValueView, iface: Iface, args: unknown[]): boolean | number {
  if (args.length === 0 || args[0] === undefined || args[0] === null) {
    throw createWebSocketError("ArgumentType", "delete", iface, 1, "string or Array");
  }
  const keys = args[0];
  if (!Array.isArray(keys)) return view.remove(checkKey(keys));
  let deleted = 0;
  for (const key of new Set(keys.map(checkKey))) if (view.remove(key)) deleted++;
  return deleted;
}

export function listFrom(view: KeyValueView, iface: Iface, args: unknown[]): Map<string, unknown> {
  const options = readListOptions(iface, args[0]);
  let keys = view.sortedKeys();
  const { start, startAfter, end, prefix } = options;
  keys = keys.filter(
    (key) =>
      (start === undefined || compareKeys(key, start) >= 0) &&
      (startAfter === undefined || compareKeys(key, startAfter) > 0) &&
      (end === undefined || compareKeys(key, end) < 0) &&
      (prefix === undefined || key.startsWith(prefix)),
  );
  if (options.reverse) keys = [...keys].reverse();
  if (options.limit !== undefined) keys = keys.slice(0, options.limit);
  const result = new Map<string, unknown>();
  for (const key of keys) result.set(key, deserializeValue(view.read(key) as Buffer));
  return result;
}

interface CheckedListOptions {
  start?: string;
  startAfter?: string;
  end?: string;
  prefix?: string;
  reverse: boolean;
  limit?: number;
}

function readListOptions(iface: Iface, options: unknown): CheckedListOptions {
  if (options === undefined || options === null) return { reverse: false };
  if (typeof options !== "object" && typeof options !== "function") {
    throw createWebSocketError("ArgumentType", "list", iface, 1, "ListOptions");
  }
  const o = options as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined ? undefined : String(value));
  const checked: CheckedListOptions = {
    start: text(o.start),
    startAfter: text(o.startAfter),
    end: text(o.end),
    prefix: text(o.prefix),
    reverse: Boolean(o.reverse),
  };
  if (o.limit !== undefined) {
    // jsg converts the limit to an integer (1.5 → 1, "2" → 2), then workerd requires it positive.
    const limit = Math.trunc(Number(o.limit));
    if (!(limit > 0)) throw createWebSocketError("StorageListLimit");
    checked.limit = limit;
  }
  if (checked.start !== undefined && checked.startAfter !== undefined) {
    throw createWebSocketError("StorageListStartAndStartAfter");
  }
  return checked;
}
