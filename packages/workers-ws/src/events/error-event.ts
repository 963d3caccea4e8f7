import { createWebSocketError } from "../errors/catalogue.js";
import { type TunneledException, uncaughtMessage } from "../errors/tunneled-exception.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
import { toDOMString, toInt32Checked } from "../webidl/conversions.js";
import { constructExposed } from "../webidl/require-new.js";
import { Event, type EventInit, markTrusted, readEventInit } from "./event.js";

export interface ErrorEventInit extends EventInit {
  message?: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  error?: unknown;
}

let hasErrorEventBrand: (value: unknown) => value is ErrorEvent;

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

  // Each getter checks its `this` first, as workerd does (an Event that is no ErrorEvent fails too).
  get message(): string {
    brandCheck(this);
    return this.#message;
  }
  get filename(): string {
    brandCheck(this);
    return this.#filename;
  }
  get lineno(): number {
    brandCheck(this);
    return this.#lineno;
  }
  get colno(): number {
    brandCheck(this);
    return this.#colno;
  }
  get error(): unknown {
    brandCheck(this);
    return this.#error;
  }

  static {
    hasErrorEventBrand = (value): value is ErrorEvent => isObjectLike(value) && #message in value;
  }
}

function brandCheck(value: unknown): void {
  if (!hasErrorEventBrand(value)) illegalInvocation();
}

function toInt(value: unknown): number {
  return toInt32Checked(value, () => createWebSocketError("IntegerOutOfRange"));
}

/**
 * The error event the runtime raises for an exception that went through a kj exception (a listener
 * threw, the connection failed): it carries the copy tunnelException() made of it.
 */
export function createTunneledErrorEvent({ error, message }: TunneledException): ErrorEvent {
  return markTrusted(constructExposed(ErrorEvent, ["error", { message, error }]));
}

export { uncaughtMessage };
