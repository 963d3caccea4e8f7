import { createWebSocketError } from "../errors/catalogue.js";
import { activeContext } from "../runtime/context.js";
import type { EventTarget } from "./event-target.js";

/** Mutable dispatch state of an event, reachable only from this package (workerd keeps it native). */
export interface EventState {
  readonly type: string;
  readonly bubbles: boolean;
  readonly cancelable: boolean;
  readonly composed: boolean;
  trusted: boolean;
  target: EventTarget | null;
  currentTarget: EventTarget | null;
  phase: number;
  canceled: boolean;
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
    this.#state = {
      type: String(type),
      bubbles: Boolean(init?.bubbles),
      cancelable: Boolean(init?.cancelable),
      composed: Boolean(init?.composed),
      trusted: false,
      target: null,
      currentTarget: null,
      phase: 0,
      canceled: false,
      stopped: false,
      stoppedImmediately: false,
      dispatching: false,
      tagged: activeContext().settings.setToStringTag,
    };
  }

  static {
    stateOf = (event) => event.#state;
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
  get target(): EventTarget | null {
    return this.#state.target;
  }
  get currentTarget(): EventTarget | null {
    return this.#state.currentTarget;
  }
  get srcElement(): EventTarget | null {
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
  preventDefault(): void {
    if (this.#state.cancelable) this.#state.canceled = true;
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
