import { createWebSocketError } from "../errors/catalogue.js";

/**
 * Wraps a class so that calling it without `new` throws workerd's TypeError ("Failed to construct
 * 'X': Please use the 'new' operator …") instead of V8's "Class constructor X cannot be invoked
 * without 'new'". The wrapper is a real function, not a Proxy: V8 names an object in its own
 * messages after the function in its `constructor` property, so a frozen pair member then reads
 * "Cannot assign to read only property '0' of object '#<WebSocketPair>'" as in workerd. Like
 * workerd's constructors it has `length` 0, the class's name, prototype and statics; instances,
 * instanceof and subclassing behave as with the class itself.
 */
export function requireNew<C extends abstract new (...args: never[]) => unknown>(ctor: C): C {
  const target = ctor as unknown as new (...args: unknown[]) => object;
  const construct = (args: unknown[], newTarget: unknown): object => {
    if (newTarget === undefined) throw createWebSocketError("ConstructorNeedsNew", ctor.name);
    return Reflect.construct(target, args, newTarget === guarded ? target : (newTarget as typeof target));
  };
  const guarded = namedFunction(ctor.name, construct);
  for (const key of Reflect.ownKeys(ctor)) {
    if (key === "prototype" || key === "length" || key === "name") continue;
    Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(ctor, key) as PropertyDescriptor);
  }
  Object.defineProperty(guarded, "length", { value: 0, configurable: true });
  Object.defineProperty(guarded, "prototype", { value: ctor.prototype, writable: false });
  // Statics the class inherits (a subclass of EventTarget gets its Symbol.hasInstance) stay reachable.
  Object.setPrototypeOf(guarded, Object.getPrototypeOf(ctor));
  Object.defineProperty(ctor.prototype, "constructor", {
    value: guarded,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  return guarded as unknown as C;
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

/**
 * A function whose own name (the one V8 prints, not just its `name` property) is `name`, that
 * hands its arguments and new.target to `body`. V8 takes that name from the source text, so the
 * function is compiled from a one-line template; `name` is one of this package's class names.
 */
function namedFunction(name: string, body: (args: unknown[], newTarget: unknown) => object): Function {
  if (!/^[A-Z][A-Za-z]*$/.test(name)) throw new Error(`workers-ws internal error: bad class name ${name}`);
  const make = new Function(
    "body",
    `"use strict"; return function ${name}(...args) { return body(args, new.target); };`,
  );
  return make(body) as Function;
}
