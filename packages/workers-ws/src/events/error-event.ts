import { createWebSocketError } from "../errors/catalogue.js";
import { toDOMString, toInt32Checked } from "../webidl/conversions.js";
import { Event, type EventInit, markTrusted, readEventInit } from "./event.js";

export interface ErrorEventInit extends EventInit {
  message?: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  error?: unknown;
}

/**
 * workerd's ErrorEvent: message, filename, lineno, colno and error are prototype accessors;
 * lineno and colno are C++ ints (-1 stays -1, values outside int32 throw).
 */
export class ErrorEvent extends Event {
  readonly #message: string;
  readonly #filename: string;
  readonly #lineno: number;
  readonly #colno: number;
  readonly #error: unknown;

  constructor(type: string, init?: ErrorEventInit) {
    super(type, init);
    const dict = readEventInit<ErrorEventInit>(init, "ErrorEvent");
    this.#message = dict.message === undefined ? "" : toDOMString(dict.message);
    this.#filename = dict.filename === undefined ? "" : toDOMString(dict.filename);
    this.#lineno = dict.lineno === undefined ? 0 : toInt(dict.lineno);
    this.#colno = dict.colno === undefined ? 0 : toInt(dict.colno);
    this.#error = dict.error;
  }

  get message(): string {
    return this.#message;
  }
  get filename(): string {
    return this.#filename;
  }
  get lineno(): number {
    return this.#lineno;
  }
  get colno(): number {
    return this.#colno;
  }
  get error(): unknown {
    return this.#error;
  }
}

function toInt(value: unknown): number {
  return toInt32Checked(value, () => createWebSocketError("IntegerOutOfRange"));
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

export function createRuntimeErrorEvent(error: unknown): ErrorEvent {
  return markTrusted(new ErrorEvent("error", { message: uncaughtMessage(error), error }));
}
