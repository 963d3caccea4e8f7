import { createWebSocketError } from "../errors/catalogue.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
import { toDictionary, toDOMString } from "../webidl/conversions.js";
import type { EventTarget } from "./event-target.js";

/**
 * An event's flags, packed in one number: what the constructor fixed (bubbles, cancelable,
 * composed), isTrusted, and the dispatch state workerd keeps natively.
 */
const BUBBLES = 1;
const CANCELABLE = 2;
const COMPOSED = 4;
const TRUSTED = 8;
/** preventDefault() was called in this dispatch (outside a passive listener), cancelable or not. */
const CANCELED = 16;
/** A passive listener is running: its preventDefault() is ignored. */
const IN_PASSIVE_LISTENER = 32;
const STOPPED = 64;
const STOPPED_IMMEDIATELY = 128;
const DISPATCHING = 256;

export interface EventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}

/**
 * What EventTarget's dispatch reads and writes on an event, reachable only from this package
 * (workerd keeps it native). The state lives in the event's own private fields, so an event is
 * one object.
 */
export interface EventInternals {
  type(event: Event): string;
  isDispatching(event: Event): boolean;
  /** Starts a dispatch at `target`: workerd starts it uncanceled and leaves both targets set after. */
  beginDispatch(event: Event, target: EventTarget): void;
  /** Ends the dispatch; returns whether it was not canceled (dispatchEvent's result). */
  endDispatch(event: Event): boolean;
  setInPassiveListener(event: Event, passive: boolean): void;
  isStoppedImmediately(event: Event): boolean;
  markTrusted(event: Event): void;
}

let internals: EventInternals;
let hasEventBrand: (value: unknown) => value is Event;

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

  readonly #type: string;
  #flags: number;
  /** undefined until the first dispatch; workerd keeps both after the dispatch ends. */
  #target: EventTarget | undefined = undefined;
  #currentTarget: EventTarget | undefined = undefined;
  #phase = 0;

  constructor(type: string, init?: EventInit) {
    if (type === undefined) {
      throw createWebSocketError("EventTypeNotString", new.target.name);
    }
    const eventType = toDOMString(type);
    // The constructor's name is only needed for the error: reading it costs a property lookup
    // per event, and the runtime creates one per message.
    const dict =
      typeof init === "object" && init !== null ? init : readEventInit<EventInit>(init, new.target.name);
    // Read in this order (a getter on the dictionary can tell).
    const bubbles = dict.bubbles ? BUBBLES : 0;
    const cancelable = dict.cancelable ? CANCELABLE : 0;
    const composed = dict.composed ? COMPOSED : 0;
    this.#type = eventType;
    this.#flags = bubbles | cancelable | composed;
  }

  static {
    internals = {
      type: (event) => event.#type,
      isDispatching: (event) => (event.#flags & DISPATCHING) !== 0,
      beginDispatch(event, target) {
        event.#flags = (event.#flags | DISPATCHING) & ~CANCELED;
        event.#target = target;
        event.#currentTarget = target;
        event.#phase = Event.AT_TARGET;
      },
      endDispatch(event) {
        const flags = event.#flags;
        event.#flags = flags & ~(DISPATCHING | IN_PASSIVE_LISTENER | STOPPED | STOPPED_IMMEDIATELY);
        event.#phase = Event.NONE;
        return (flags & CANCELED) === 0;
      },
      setInPassiveListener(event, passive) {
        event.#flags = passive ? event.#flags | IN_PASSIVE_LISTENER : event.#flags & ~IN_PASSIVE_LISTENER;
      },
      isStoppedImmediately: (event) => (event.#flags & STOPPED_IMMEDIATELY) !== 0,
      markTrusted(event) {
        event.#flags |= TRUSTED;
      },
    };
    hasEventBrand = (value): value is Event => isObjectLike(value) && #type in value;
  }

  // Every member checks its `this` first (brandCheck), which is workerd's brand check.

  get type(): string {
    brandCheck(this);
    return this.#type;
  }
  get bubbles(): boolean {
    brandCheck(this);
    return (this.#flags & BUBBLES) !== 0;
  }
  get cancelable(): boolean {
    brandCheck(this);
    return (this.#flags & CANCELABLE) !== 0;
  }
  get composed(): boolean {
    brandCheck(this);
    return (this.#flags & COMPOSED) !== 0;
  }
  get isTrusted(): boolean {
    brandCheck(this);
    return (this.#flags & TRUSTED) !== 0;
  }
  get target(): EventTarget | undefined {
    brandCheck(this);
    return this.#target;
  }
  get currentTarget(): EventTarget | undefined {
    brandCheck(this);
    return this.#currentTarget;
  }
  get srcElement(): EventTarget | undefined {
    brandCheck(this);
    return this.#target;
  }
  get eventPhase(): number {
    brandCheck(this);
    return this.#phase;
  }
  get defaultPrevented(): boolean {
    brandCheck(this);
    return (this.#flags & (CANCELABLE | CANCELED)) === (CANCELABLE | CANCELED);
  }
  get returnValue(): boolean {
    brandCheck(this);
    return (this.#flags & (CANCELABLE | CANCELED)) !== (CANCELABLE | CANCELED);
  }
  get cancelBubble(): boolean {
    brandCheck(this);
    return (this.#flags & STOPPED) !== 0;
  }
  set cancelBubble(value: boolean) {
    brandCheck(this);
    if (value) this.#flags |= STOPPED;
  }
  /** workerd reports 0 for every event. */
  get timeStamp(): number {
    brandCheck(this);
    return 0;
  }
  composedPath(): EventTarget[] {
    brandCheck(this);
    return (this.#flags & DISPATCHING) !== 0 && this.#target ? [this.#target] : [];
  }
  /**
   * workerd records the call even on a non-cancelable event: defaultPrevented stays false there,
   * but dispatchEvent() still returns false. A passive listener's call is ignored.
   */
  preventDefault(): void {
    brandCheck(this);
    if ((this.#flags & IN_PASSIVE_LISTENER) === 0) this.#flags |= CANCELED;
  }
  stopPropagation(): void {
    brandCheck(this);
    this.#flags |= STOPPED;
  }
  stopImmediatePropagation(): void {
    brandCheck(this);
    this.#flags |= STOPPED | STOPPED_IMMEDIATELY;
  }
}

for (const [name, value] of [
  ["NONE", 0],
  ["CAPTURING_PHASE", 1],
  ["AT_TARGET", 2],
  ["BUBBLING_PHASE", 3],
] as const) {
  Object.defineProperty(Event.prototype, name, { value, enumerable: true, configurable: true });
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

/** A real Event (of any of the event classes), whatever its prototype chain says. */
export function isEvent(value: unknown): value is Event {
  return hasEventBrand(value);
}

function brandCheck(value: unknown): void {
  if (!hasEventBrand(value)) illegalInvocation();
}

/** Internal: what EventTarget's dispatch reads and writes on events. */
export function eventInternals(): EventInternals {
  return internals;
}

/** Internal: marks an event as created by the runtime itself (isTrusted). */
export function markTrusted<E extends Event>(event: E): E {
  internals.markTrusted(event);
  return event;
}

/**
 * The one descriptor every event field is defined with. `writable` is left out on purpose: a new
 * property gets false for every attribute its descriptor does not name, and V8 defines it faster
 * without the extra field. `value` is cleared after each use so the descriptor holds nothing.
 */
const FIELD: PropertyDescriptor = { value: undefined, enumerable: true, configurable: true };

/**
 * Defines a read-only, enumerable own field, the shape workerd gives event fields (JSG instance
 * properties), on an object that does not have it yet. Object.defineProperty is the largest cost
 * of a runtime event on Node 20, so callers define their fields one by one, in workerd's order,
 * without building a dictionary of them first.
 */
export function defineInstanceField(target: object, key: string, value: unknown): void {
  FIELD.value = value;
  Object.defineProperty(target, key, FIELD);
  FIELD.value = undefined;
}
