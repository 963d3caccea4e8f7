import { isProxy } from "node:util/types";
import { createWebSocketError } from "../errors/catalogue.js";

/**
 * The runtime's own classes that workerd cannot serialize (jsg resource types without a
 * serializer): putting one in an attachment throws DataCloneError 'Could not serialize object of
 * type "WebSocket". …'. V8's serializer would copy our plain JavaScript objects, so values are
 * checked for them first. Keyed by prototype, with the name workerd reports.
 */
const notSerializable = new Map<object, string>();

export function markNotSerializable(
  ...classes: Array<{ readonly prototype: object; readonly name: string }>
): void {
  for (const cls of classes) notSerializable.set(cls.prototype, cls.name);
}

/**
 * Throws workerd's DataCloneError when `value` holds one of those objects, looking where V8's
 * serializer would: own enumerable properties, array items, Map and Set entries. Accessor
 * properties are not run here (the serializer runs them once, after this check).
 */
export function assertSerializable(value: unknown): void {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    // V8's serializer refuses every proxy itself ("… could not be cloned."); looking inside one
    // here would run its traps, or throw for a revoked one, before that error.
    if (isProxy(item)) continue;
    // A typed array holds numbers only, and listing its indices would cost one step per element.
    if (ArrayBuffer.isView(item)) continue;
    seen.add(item);
    const name = runtimeClassName(item);
    if (name !== undefined) throw createWebSocketError("NotSerializable", name);
    if (item instanceof Map) {
      for (const [key, entry] of item) pending.push(key, entry);
    } else if (item instanceof Set) {
      for (const entry of item) pending.push(entry);
    }
    for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(item))) {
      if (descriptor.enumerable && "value" in descriptor) pending.push(descriptor.value);
    }
  }
}

function runtimeClassName(object: object): string | undefined {
  for (let proto = Object.getPrototypeOf(object); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const name = notSerializable.get(proto);
    if (name !== undefined) return name;
  }
  return undefined;
}
