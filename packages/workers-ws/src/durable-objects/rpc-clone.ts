/**
 * How values cross a JavaScript RPC call, as workerd's RPC serializer passes them (observed in
 * workerd 2026-11-17, conformance 40-do-ids-stubs): a structured clone, except that
 * - a function crosses as a stub: calling it runs the original in the I/O context it came from,
 *   with the arguments and the result crossing the same way, and returns a promise;
 * - an object of a class (not a plain object, array or built-in clonable type) is refused:
 *   DataCloneError 'Could not serialize object of type "Point". …', as for the runtime's own
 *   objects ('… type "WebSocket". …').
 */
import { types } from "node:util";
import { createWebSocketError } from "../errors/catalogue.js";
import { currentIoContext, type IoContext, runInIoContext } from "../runtime/io-context.js";
import { assertSerializable } from "../webidl/serializable.js";

/** A copy of `value` for the other side of the call; functions stay callable from there. */
export function rpcClone(value: unknown, origin: IoContext): unknown {
  return copy(value, origin, new Map());
}

function copy(value: unknown, origin: IoContext, seen: Map<object, unknown>): unknown {
  if (typeof value === "symbol")
    throw new DOMException(`${String(value)} could not be cloned.`, "DataCloneError");
  if (typeof value === "function") return functionStub(value as (...args: unknown[]) => unknown, origin);
  if (typeof value !== "object" || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (types.isProxy(value) || isBuiltInClonable(value)) {
    // structuredClone gives V8's own copy and its own refusal for these.
    const cloned = structuredClone(value);
    seen.set(value, cloned);
    return cloned;
  }
  if (Array.isArray(value)) {
    const array: unknown[] = new Array(value.length);
    seen.set(value, array);
    for (const key of Object.keys(value)) {
      (array as unknown as Record<string, unknown>)[key] = copy(
        (value as unknown as Record<string, unknown>)[key],
        origin,
        seen,
      );
    }
    return array;
  }
  if (value instanceof Map) {
    const map = new Map();
    seen.set(value, map);
    for (const [key, entry] of value) map.set(copy(key, origin, seen), copy(entry, origin, seen));
    return map;
  }
  if (value instanceof Set) {
    const set = new Set();
    seen.set(value, set);
    for (const entry of value) set.add(copy(entry, origin, seen));
    return set;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // The runtime's own classes first (their exact name), then any other class.
    assertSerializable(value);
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    throw createWebSocketError("NotSerializable", typeof name === "string" && name !== "" ? name : "Object");
  }
  const object: Record<string, unknown> = {};
  seen.set(value, object);
  for (const key of Object.keys(value))
    object[key] = copy((value as Record<string, unknown>)[key], origin, seen);
  return object;
}

function isBuiltInClonable(value: object): boolean {
  return (
    value instanceof Error ||
    types.isDate(value) ||
    types.isRegExp(value) ||
    types.isBoxedPrimitive(value) ||
    types.isAnyArrayBuffer(value) ||
    ArrayBuffer.isView(value) ||
    value instanceof Blob
  );
}

/** The other side's handle on `fn`: each call runs `fn` where it came from. */
function functionStub(
  fn: (...args: unknown[]) => unknown,
  origin: IoContext,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    const sent = rpcClone(args, currentIoContext()) as unknown[];
    const result = await runInIoContext(origin, () => fn(...sent));
    return rpcClone(result, origin);
  };
}
