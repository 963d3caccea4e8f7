import { createWebSocketError } from "../errors/catalogue.js";
import { exposedPrototypeOf, readOnlyError } from "./exposed-prototype.js";

/**
 * Wraps a class so that calling it without `new` throws workerd's TypeError ("Failed to construct
 * 'X': Please use the 'new' operator …") instead of V8's "Class constructor X cannot be invoked
 * without 'new'". The wrapper is a real function, not a Proxy: V8 names an object in its own
 * messages after the function in its `constructor` property, so a frozen pair member then reads
 * "Cannot assign to read only property '0' of object '#<WebSocketPair>'" as in workerd. Like
 * workerd's constructors it has `length` 0, the class's name, prototype and statics; instances,
 * instanceof and subclassing behave as with the class itself. When the class prototype has an
 * exposed Proxy (exposed-prototype.ts), that is the `prototype` scripts see and instances get.
 */
const guardByClass = new WeakMap<object, Function>();

/**
 * The guard requireNew made for `ctor` (undefined if none): a `new` of the exposed class runs it,
 * then two runtime frames (the guard and its body), then the class's constructor.
 */
export function guardOf(ctor: object): Function | undefined {
  return guardByClass.get(ctor);
}

export function requireNew<C extends abstract new (...args: never[]) => unknown>(ctor: C): C {
  const target = ctor as unknown as new (...args: unknown[]) => object;
  const construct = (args: unknown[], newTarget: unknown): object => {
    if (newTarget === undefined) throw createWebSocketError("ConstructorNeedsNew", ctor.name);
    // new.target stays the class itself for a plain `new X()`: V8 then names an instance of a base
    // class after it in its own messages ("… of object '#<WebSocketPair>'").
    const object = Reflect.construct(
      target,
      args,
      newTarget === guarded ? target : (newTarget as typeof target),
    );
    return adoptExposedPrototype(object, target.prototype);
  };
  const guarded = namedFunction(ctor.name, construct);
  guardByClass.set(ctor, guarded);
  for (const key of Reflect.ownKeys(ctor)) {
    if (key === "prototype" || key === "length" || key === "name") continue;
    Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(ctor, key) as PropertyDescriptor);
  }
  Object.defineProperty(guarded, "length", { value: 0, configurable: true });
  Object.defineProperty(guarded, "prototype", { value: exposedPrototypeOf(ctor.prototype), writable: false });
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
 * `new ctor(...args)` for the runtime's own objects (pair ends, the events it dispatches): the
 * instance gets the exposed prototype, exactly as if a script had called the global constructor.
 */
export function constructExposed<C extends abstract new (...args: never[]) => object>(
  ctor: C,
  args: ConstructorParameters<C>,
): InstanceType<C> {
  const target = ctor as unknown as new (...a: unknown[]) => object;
  return adoptExposedPrototype(new target(...(args as unknown[])), target.prototype) as InstanceType<C>;
}

/** Moves an instance made with the class itself onto the exposed prototype (subclass instances already are). */
function adoptExposedPrototype(object: object, rawPrototype: object): object {
  const exposed = exposedPrototypeOf(rawPrototype);
  if (exposed !== rawPrototype && Object.getPrototypeOf(object) === rawPrototype) {
    Object.setPrototypeOf(object, exposed);
  }
  return object;
}

/**
 * A setter that refuses assignment the way V8 does for workerd's read-only JSG properties, for the
 * own accessors of instances made before 2022-01-31 (workers_api_getters_setters_on_prototype).
 */
export function readOnlySetter(name: string): (this: object, value: unknown) => void {
  return function (this: object) {
    throw readOnlyError(name, this);
  };
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
