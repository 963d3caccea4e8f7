import { createWebSocketError } from "../errors/catalogue.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
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
}

export interface EventInit {
  bubbles?: boolean;
  cancelable?: boolean;
  composed?: boolean;
}

let stateOf: (event: Event) => EventState;
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

  readonly #state: EventState;

  constructor(type: string, init?: EventInit) {
    if (type === undefined) {
      throw createWebSocketError("EventTypeNotString", new.target.name);
    }
    const eventType = toDOMString(type);
    // The constructor's name is only needed for the error: reading it costs a property lookup
    // per event, and the runtime creates one per message.
    const dict =
      typeof init === "object" && init !== null ? init : readEventInit<EventInit>(init, new.target.name);
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
    };
  }

  static {
    stateOf = (event) => event.#state;
    hasEventBrand = (value): value is Event => isObjectLike(value) && #state in value;
  }

  // Every member reads the state through checkedState(), which is workerd's brand check.

  get type(): string {
    return checkedState(this).type;
  }
  get bubbles(): boolean {
    return checkedState(this).bubbles;
  }
  get cancelable(): boolean {
    return checkedState(this).cancelable;
  }
  get composed(): boolean {
    return checkedState(this).composed;
  }
  get isTrusted(): boolean {
    return checkedState(this).trusted;
  }
  get target(): EventTarget | undefined {
    return checkedState(this).target;
  }
  get currentTarget(): EventTarget | undefined {
    return checkedState(this).currentTarget;
  }
  get srcElement(): EventTarget | undefined {
    return checkedState(this).target;
  }
  get eventPhase(): number {
    return checkedState(this).phase;
  }
  get defaultPrevented(): boolean {
    const state = checkedState(this);
    return state.cancelable && state.canceled;
  }
  get returnValue(): boolean {
    const state = checkedState(this);
    return !(state.cancelable && state.canceled);
  }
  get cancelBubble(): boolean {
    return checkedState(this).stopped;
  }
  set cancelBubble(value: boolean) {
    const state = checkedState(this);
    if (value) state.stopped = true;
  }
  /** workerd reports 0 for every event. */
  get timeStamp(): number {
    checkedState(this);
    return 0;
  }
  composedPath(): EventTarget[] {
    const state = checkedState(this);
    return state.dispatching && state.target ? [state.target] : [];
  }
  /**
   * workerd records the call even on a non-cancelable event: defaultPrevented stays false there,
   * but dispatchEvent() still returns false. A passive listener's call is ignored.
   */
  preventDefault(): void {
    const state = checkedState(this);
    if (!state.inPassiveListener) state.canceled = true;
  }
  stopPropagation(): void {
    checkedState(this).stopped = true;
  }
  stopImmediatePropagation(): void {
    const state = checkedState(this);
    state.stopped = true;
    state.stoppedImmediately = true;
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

function checkedState(value: unknown): EventState {
  if (!hasEventBrand(value)) illegalInvocation();
  return stateOf(value);
}

/** Internal: the dispatch state of an event, for EventTarget. */
export function eventState(event: Event): EventState {
  return stateOf(event);
}

/** Internal: marks an event as created by the runtime itself (isTrusted). */
export function markTrusted<E extends Event>(event: E): E {
  stateOf(event).trusted = true;
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
