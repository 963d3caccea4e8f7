import { createWebSocketError } from "../errors/catalogue.js";

/**
 * Wraps a class so that calling it without `new` throws workerd's TypeError ("Failed to construct
 * 'X': Please use the 'new' operator …") instead of V8's "Class constructor X cannot be invoked
 * without 'new'". Construction, instanceof, statics and subclassing pass straight through.
 */
export function requireNew<C extends abstract new (...args: never[]) => unknown>(ctor: C): C {
  const guarded = new Proxy(ctor, {
    apply() {
      throw createWebSocketError("ConstructorNeedsNew", ctor.name);
    },
  });
  Object.defineProperty(ctor.prototype, "constructor", {
    value: guarded,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  return guarded;
}

/**
 * An accessor's setter that refuses assignment the way V8 does for workerd's read-only JSG
 * properties: "Cannot assign to read only property 'x' of object '#<Class>'".
 */
export function readOnlySetter(name: string): (this: object, value: unknown) => void {
  return function (this: object) {
    throw new TypeError(
      `Cannot assign to read only property '${name}' of object '#<${this.constructor.name}>'`,
    );
  };
}

/** Adds a throwing setter to existing prototype getters, keeping them accessors. */
export function makeReadOnly(proto: object, names: readonly string[]): void {
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor?.get) continue;
    Object.defineProperty(proto, name, { ...descriptor, set: readOnlySetter(name) });
  }
}
