/**
 * The prototype an API class shows to scripts. workerd's read-only attributes are V8 accessors with
 * the ReadOnly attribute: their descriptor has a getter and no setter, yet assigning to one throws
 * "Cannot assign to read only property 'x' of object '#<Class>'" (observed: 29-webidl-shape,
 * 01-pair-shape, 16-response-websocket-property). A JavaScript accessor cannot be ReadOnly: without
 * a setter V8 says "Cannot set property x of #<Class> which has only a getter", and with one the
 * descriptor shows it. So scripts see the class prototype through a Proxy whose [[Set]] gives
 * workerd's message, and whose [[GetPrototypeOf]] leads on to the exposed parent prototype.
 * Instances are moved onto the Proxy right after construction (requireNew, constructExposed);
 * getters, methods and private fields work as before, since the receiver is always the instance.
 *
 * Only for classes whose instances have no read-only own fields: V8 cannot look through a Proxy
 * when it names an object in its own messages, so a read-only own field of an instance with a
 * Proxy in its chain would be reported on "[object Object]". For the same reason V8's stack frames
 * call a WebSocket method "Object.send" rather than "WebSocket.send" (workerd's native methods
 * have no frame at all).
 *
 * Cost: a property lookup that misses an instance's own properties passes one Proxy (tens of
 * nanoseconds); assignment to an instance property that is not yet own runs the trap once.
 * Assignment in sloppy-mode code also throws (workerd's would silently fail there); Workers
 * modules and test files are ES modules, always strict.
 */

const exposedByRaw = new WeakMap<object, object>();

const handler: ProxyHandler<object> = {
  getPrototypeOf(target) {
    const parent = Reflect.getPrototypeOf(target);
    return (parent !== null && exposedByRaw.get(parent)) || parent;
  },
  set(target, key, value, receiver) {
    const descriptor = findDescriptor(target, key);
    if (descriptor !== undefined && isReadOnly(descriptor)) throw readOnlyError(key, receiver);
    return Reflect.set(target, key, value, receiver);
  },
};

/** The Proxy scripts see as `rawPrototype` (created once per prototype). */
export function exposePrototype(rawPrototype: object): object {
  let exposed = exposedByRaw.get(rawPrototype);
  if (exposed === undefined) {
    exposed = new Proxy(rawPrototype, handler);
    exposedByRaw.set(rawPrototype, exposed);
  }
  return exposed;
}

/** The exposed prototype of a raw class prototype, or the prototype itself if it has none. */
export function exposedPrototypeOf(rawPrototype: object): object {
  return exposedByRaw.get(rawPrototype) ?? rawPrototype;
}

/** V8's message for a write to a ReadOnly property: "Cannot assign to read only property 'x' of object '#<C>'". */
export function readOnlyError(key: PropertyKey, receiver: unknown): TypeError {
  return new TypeError(
    `Cannot assign to read only property '${String(key)}' of object '#<${classNameOf(receiver)}>'`,
  );
}

function findDescriptor(start: object, key: PropertyKey): PropertyDescriptor | undefined {
  for (let object: object | null = start; object !== null; object = Reflect.getPrototypeOf(object)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
}

function isReadOnly(descriptor: PropertyDescriptor): boolean {
  return "value" in descriptor ? descriptor.writable === false : descriptor.set === undefined;
}

function classNameOf(value: unknown): string {
  try {
    const ctor = (value as { constructor?: unknown }).constructor;
    if (typeof ctor === "function" && ctor.name) return ctor.name;
  } catch {
    // fall through
  }
  return "Object";
}
