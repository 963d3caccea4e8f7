import { Event, type EventInit, markTrusted } from "./event.js";

export interface ErrorEventInit extends EventInit {
  message?: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  error?: unknown;
}

/** workerd's ErrorEvent: message, filename, lineno, colno and error are prototype accessors. */
export class ErrorEvent extends Event {
  readonly #message: string;
  readonly #filename: string;
  readonly #lineno: number;
  readonly #colno: number;
  readonly #error: unknown;

  constructor(type: string, init?: ErrorEventInit) {
    super(type, init);
    this.#message = init?.message === undefined ? "" : String(init.message);
    this.#filename = init?.filename === undefined ? "" : String(init.filename);
    this.#lineno = init?.lineno === undefined ? 0 : Number(init.lineno) >>> 0;
    this.#colno = init?.colno === undefined ? 0 : Number(init.colno) >>> 0;
    this.#error = init?.error;
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

/**
 * V8's rendering of an uncaught value, which workerd puts in ErrorEvent.message:
 * "Uncaught Error: boom", "Uncaught TypeError: …", "Uncaught 42" for a thrown non-error.
 */
export function uncaughtMessage(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) {
    return `Uncaught ${error.name}: ${error.message}`;
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
