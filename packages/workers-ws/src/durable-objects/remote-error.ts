/**
 * How an exception thrown inside a Durable Object reaches the caller of a stub (observed in
 * workerd 2026-11-17 at both dates, by RPC and by stub.fetch()):
 * - an Error is rebuilt on the caller's side: the same built-in class (a subclass becomes Error,
 *   its `name` kept as an own property), the message, its own enumerable properties (cause, errors,
 *   custom fields) copied, and the caller's stack, not the object's;
 * - it then gains `durableObjectId` (the object's id as hex; RPC only, not for a DOMException) and
 *   `remote: true`, both own enumerable properties, in that order;
 * - a thrown non-object becomes `new Error(String(value))` with `remote` only; a thrown plain object
 *   arrives structured-cloned, with both fields.
 * A reset (ctx.abort(), a failed blockConcurrencyWhile()) instead rejects with an Error carrying
 * `durableObjectReset: true` and no `remote` (see resetError).
 */

const BUILT_IN_ERRORS = [
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
  AggregateError,
  Error,
] as const;

function builtInClassOf(error: Error): (typeof BUILT_IN_ERRORS)[number] {
  for (const cls of BUILT_IN_ERRORS) if (error instanceof cls) return cls;
  return Error;
}

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The caller's copy of what the object threw; `objectId` is set for RPC calls. */
export function remoteError(thrown: unknown, objectId: string | undefined): unknown {
  if (thrown instanceof DOMException) {
    const copy = new DOMException(thrown.message, thrown.name);
    define(copy, "remote", true);
    return copy;
  }
  let copy: object;
  if (thrown instanceof Error) {
    copy = rebuildError(thrown);
  } else if (typeof thrown === "object" && thrown !== null) {
    copy = structuredClone(thrown) as object;
  } else {
    const error = new Error(String(thrown));
    define(error, "remote", true);
    return error;
  }
  if (objectId !== undefined) define(copy, "durableObjectId", objectId);
  define(copy, "remote", true);
  return copy;
}

function rebuildError(thrown: Error): Error {
  const cls = builtInClassOf(thrown);
  const copy =
    cls === AggregateError
      ? new AggregateError([], thrown.message)
      : new (cls as ErrorConstructor)(thrown.message);
  if (cls === AggregateError) delete (copy as { errors?: unknown }).errors;
  const name = thrown.name;
  if (name !== cls.name) define(copy, "name", String(name));
  for (const key of ["cause", "errors"]) {
    if (Object.hasOwn(thrown, key)) define(copy, key, structuredClone((thrown as never)[key]));
  }
  for (const [key, value] of Object.entries(thrown)) {
    if (key === "stack" || key === "message") continue;
    if (key === "name") continue;
    define(copy, key, structuredClone(value));
  }
  return copy;
}

/** What a caller sees when the object was reset: workerd rejects with this on every pending call. */
export function resetError(message: string): Error {
  const error = new Error(message);
  define(error, "durableObjectReset", true);
  return error;
}
