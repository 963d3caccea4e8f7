import { createWebSocketError } from "../errors/catalogue.js";
import { activeContext } from "../runtime/context.js";
import { toDictionary, toDOMString } from "../webidl/conversions.js";
import type { EventTarget } from "./event-target.js";

/** Mutable dispatch state of an event, reachable only from this package (workerd keeps it native). */
export interface EventState {
  readonly type: string;
  readonly bubbles: boolean;
  readonly cancelable: boolean;
  readonly composed: boolean;
  trusted: boolean;
  /** undefined until the first dispatch; workerd keeps both after the dispatch ends. */
  target: EventTarget | undefined;
  currentTarget: EventTarget | undefined;
  phase: number;
  /** preventDefault() was called in this dispatch (outside a passive listener), cancelable or not. */
  canceled: boolean;
  /** A passive listener is running: its preventDefault() is ignored. */
  inPassiveListener: boolean;
  stopped: boolean;
  stoppedImmediately: boolean;
  dispatching: boolean;
  /** set_tostring_tag, captured from the runtime the event was made in. */
  readonly tagged: boolean;
}

export interface EventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}

let stateOf: (event: Event) => EventState;
let isEventFn: (value: object) => boolean;

/**
 * jsg's type check for an Event argument: a private-field brand check, which runs no proxy trap
 * (workerd: dispatchEvent of a proxy, revoked or not, is "parameter 1 is not of type 'Event'").
 */
export function isEvent(value: unknown): value is Event {
  return typeof value === "object" && value !== null && isEventFn(value);
}

/**
 * The Workers `Event`. Node's own Event cannot be used: its `isTrusted` is fixed by Node internals
 * and its target is only set by Node's EventTarget, while the runtime dispatches trusted events
 * itself (workerd: runtime events have isTrusted true, timeStamp 0, eventPhase 2 in listeners).
 */
export class Event {
  static readonly NONE = 0;
  static readonly CAPTURING_PHASE = 1;
  static readonly AT_TARGET = 2;
  static readonly BUBBLING_PHASE = 3;
  declare readonly NONE: 0;
  declare readonly CAPTURING_PHASE: 1;
  declare readonly AT_TARGET: 2;
  declare readonly BUBBLING_PHASE: 3;

  readonly #state: EventState;

  constructor(type: string, init?: EventInit) {
    if (type === undefined) {
      throw createWebSocketError("EventTypeNotString", new.target.name);
    }
    const eventType = toDOMString(type);
    const dict = readEventInit<EventInit>(init, new.target.name);
    this.#state = {
      type: eventType,
      bubbles: Boolean(dict.bubbles),
      cancelable: Boolean(dict.cancelable),
      composed: Boolean(dict.composed),
      trusted: false,
      target: undefined,
      currentTarget: undefined,
      phase: 0,
      canceled: false,
      inPassiveListener: false,
      stopped: false,
      stoppedImmediately: false,
      dispatching: false,
      tagged: activeContext().settings.setToStringTag,
    };
  }

  static {
    stateOf = (event) => event.#state;
    isEventFn = (value) => #state in value;
  }

  get type(): string {
    return this.#state.type;
  }
  get bubbles(): boolean {
    return this.#state.bubbles;
  }
  get cancelable(): boolean {
    return this.#state.cancelable;
  }
  get composed(): boolean {
    return this.#state.composed;
  }
  get isTrusted(): boolean {
    return this.#state.trusted;
  }
  get target(): EventTarget | undefined {
    return this.#state.target;
  }
  get currentTarget(): EventTarget | undefined {
    return this.#state.currentTarget;
  }
  get srcElement(): EventTarget | undefined {
    return this.#state.target;
  }
  get eventPhase(): number {
    return this.#state.phase;
  }
  get defaultPrevented(): boolean {
    return this.#state.cancelable && this.#state.canceled;
  }
  get returnValue(): boolean {
    return !this.defaultPrevented;
  }
  get cancelBubble(): boolean {
    return this.#state.stopped;
  }
  set cancelBubble(value: boolean) {
    if (value) this.#state.stopped = true;
  }
  /** workerd reports 0 for every event. */
  get timeStamp(): number {
    return 0;
  }
  composedPath(): EventTarget[] {
    return this.#state.dispatching && this.#state.target ? [this.#state.target] : [];
  }
  /**
   * workerd records the call even on a non-cancelable event: defaultPrevented stays false there,
   * but dispatchEvent() still returns false. A passive listener's call is ignored.
   */
  preventDefault(): void {
    if (!this.#state.inPassiveListener) this.#state.canceled = true;
  }
  stopPropagation(): void {
    this.#state.stopped = true;
  }
  stopImmediatePropagation(): void {
    this.#state.stopped = true;
    this.#state.stoppedImmediately = true;
  }
  /** workerd: `[object Event]` only with set_tostring_tag (2024-09-26); `[object Object]` before. */
  get [Symbol.toStringTag](): string | undefined {
    return this.#state.tagged ? this.constructor.name : undefined;
  }
}

for (const [name, value] of [
  ["NONE", 0],
  ["CAPTURING_PHASE", 1],
  ["AT_TARGET", 2],
  ["BUBBLING_PHASE", 3],
] as const) {
  Object.defineProperty(Event.prototype, name, { value, enumerable: true });
}

/**
 * The init dictionary of an event constructor: undefined or null mean none, a primitive is
 * workerd's TypeError naming the dictionary ("Init" for Event, "Initializer" for CloseEvent and
 * MessageEvent, "ErrorEventInit" for ErrorEvent).
 */
export function readEventInit<T extends object>(init: unknown, constructorName: string): Partial<T> {
  return toDictionary<T>(init, () =>
    createWebSocketError("EventInitType", constructorName, EVENT_INIT_NAMES[constructorName] ?? "Init"),
  );
}

const EVENT_INIT_NAMES: Record<string, string> = {
  Event: "Init",
  CloseEvent: "Initializer",
  MessageEvent: "Initializer",
  ErrorEvent: "ErrorEventInit",
};

/** Internal: the dispatch state of an event, for EventTarget. */
export function eventState(event: Event): EventState {
  return stateOf(event);
}

/** Internal: marks an event as created by the runtime itself (isTrusted). */
export function markTrusted<E extends Event>(event: E): E {
  stateOf(event).trusted = true;
  return event;
}

/** Defines read-only, enumerable own fields, the shape workerd gives event fields (JSG instance properties). */
export function defineInstanceFields(target: object, fields: Record<string, unknown>): void {
  for (const key of Object.keys(fields)) {
    Object.defineProperty(target, key, {
      value: fields[key],
      writable: false,
      enumerable: true,
      configurable: true,
    });
  }
}
