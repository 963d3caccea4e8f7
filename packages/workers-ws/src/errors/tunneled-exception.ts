/**
 * What a listener's exception looks like when workerd hands it to the socket's error event. The
 * exception leaves JavaScript as a kj exception and is rebuilt on the other side, so the event gets
 * a copy, never the thrown object itself (observed, 24-throwing-listener scenarios). With
 * enhanced_error_serialization (2026-04-21) the copy is a serialization of the value:
 * - an Error becomes a fresh error of the standard class its `name` names (Error, TypeError,
 *   RangeError, …; a subclass becomes a plain Error), with the same message, a new stack and
 *   copies of its own enumerable properties (so a subclass's own `name` survives);
 * - any other object is structured-cloned (a class instance becomes a plain object) and named the
 *   way V8 prints an uncaught object: "Uncaught #<Object>", "Uncaught [object Array]".
 * Before it, only the error's string form travels: "TypeError: m" comes back as a TypeError "m",
 * any other name as an Error whose message is the whole string ("NamedError: m"), and a non-error
 * object as an Error named after it ("#<Thing>", "[object Array]"); own properties are lost.
 * Both ways, a DOMException stays a DOMException with its name and message (the event's message
 * is only "Uncaught "), and a primitive becomes an Error of its string form ("Uncaught Error: 42").
 */
export interface TunneledException {
  /** The value event.error holds. */
  readonly error: unknown;
  /** The event's message. */
  readonly message: string;
}

const STANDARD_ERRORS: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

export function tunnelException(thrown: unknown, enhanced: boolean): TunneledException {
  // The copy is rebuilt from a kj exception, outside any JavaScript frame: its stack is only its
  // first line (observed: 20-error-events/lostErrorStackHasNoFrames).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return copyException(thrown, enhanced);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function copyException(thrown: unknown, enhanced: boolean): TunneledException {
  if (thrown instanceof DOMException) {
    const copy = new DOMException(thrown.message, thrown.name);
    if (enhanced) copyOwnProperties(thrown, copy);
    return { error: copy, message: "Uncaught " };
  }
  const isObject = (typeof thrown === "object" && thrown !== null) || typeof thrown === "function";
  let copy: unknown;
  if (thrown instanceof Error) copy = enhanced ? copyError(thrown) : fromErrorString(thrown);
  else if (!isObject) copy = new Error(String(thrown));
  else if (!enhanced) copy = new Error(describeObject(thrown as object));
  else {
    copy = cloneOrSelf(thrown);
    return { error: copy, message: `Uncaught ${describeObject(copy as object)}` };
  }
  return { error: copy, message: uncaughtMessage(copy) };
}

/**
 * V8's rendering of an uncaught value, which workerd puts in ErrorEvent.message:
 * "Uncaught Error: boom", "Uncaught TypeError: …", "Uncaught 42" for a thrown non-error.
 */
export function uncaughtMessage(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) {
    // As Error.prototype.toString: no ": " when the message is empty ("Uncaught Error").
    return error.message === "" ? `Uncaught ${error.name}` : `Uncaught ${error.name}: ${error.message}`;
  }
  try {
    return `Uncaught ${String(error)}`;
  } catch {
    return "Uncaught exception";
  }
}

function copyError(thrown: Error): Error {
  let name: unknown;
  let message: unknown;
  try {
    name = thrown.name;
    message = thrown.message;
  } catch {
    // A getter that throws: what survives is a plain Error.
  }
  const ctor =
    (typeof name === "string" && Object.hasOwn(STANDARD_ERRORS, name) && STANDARD_ERRORS[name]) || Error;
  const copy = new ctor(typeof message === "string" ? message : "");
  copyOwnProperties(thrown, copy);
  return copy;
}

/** The legacy way: "Name: message" back into an error, the name kept only when it is a standard one. */
function fromErrorString(thrown: Error): Error {
  let text: string;
  try {
    text = String(thrown);
  } catch {
    return new Error("");
  }
  const match =
    /^(Error|EvalError|RangeError|ReferenceError|SyntaxError|TypeError|URIError)(?:: ([\s\S]*))?$/.exec(text);
  if (!match) return new Error(text);
  const ctor = STANDARD_ERRORS[match[1] as string] as ErrorConstructor;
  return new ctor(match[2] ?? "");
}

function copyOwnProperties(from: object, to: object): void {
  for (const key of Object.keys(from)) {
    try {
      (to as Record<string, unknown>)[key] = cloneOrSelf((from as Record<string, unknown>)[key]);
    } catch {
      // A property that cannot be read or set is not carried over.
    }
  }
}

/** A structured clone, or the value itself when it cannot be cloned (a function, say). */
function cloneOrSelf(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** How V8 names an object in "Uncaught …": arrays by their default string, others as #<Class>. */
function describeObject(value: object): string {
  if (Array.isArray(value)) return "[object Array]";
  let name = "Object";
  try {
    const ctor = (value as { constructor?: unknown }).constructor;
    if (typeof ctor === "function" && ctor.name) name = ctor.name;
  } catch {
    // keep "Object"
  }
  return `#<${name}>`;
}
