import { createWebSocketError } from "../errors/catalogue.js";

/**
 * workerd checks the `this` of every method, getter and setter of its API classes before anything
 * else (JSG unwraps the receiver first): a call on an object of another class, on the prototype
 * itself or on a primitive throws "Illegal invocation: …". Each class tests its own brand (a
 * private field, `#field in value`) and calls this when the test fails.
 */
export function illegalInvocation(): never {
  throw createWebSocketError("IllegalInvocation");
}

/** True for objects and functions: the only values a private-field brand test (`#x in v`) accepts. */
export function isObjectLike(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
