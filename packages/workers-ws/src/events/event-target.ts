import { createWebSocketError } from "../errors/catalogue.js";
import { activeContext, type RuntimeContext } from "../runtime/context.js";
import { Event, type EventState, eventState } from "./event.js";

type ListenerCallback = ((event: Event) => unknown) | { handleEvent(event: Event): unknown };

export interface AddEventListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

interface ListenerRecord {
  readonly callback: ListenerCallback;
  readonly capture: boolean;
  readonly once: boolean;
  removed: boolean;
  abortCleanup?: () => void;
}

/** What one dispatch did: the exceptions listeners threw, in order, and whether it was canceled. */
export interface DispatchOutcome {
  readonly thrown: unknown[];
  readonly notCanceled: boolean;
}

const NodeEventTarget = globalThis.EventTarget;
let contextOf: (target: EventTarget) => RuntimeContext;
let listenersOf: (target: EventTarget) => Map<string, ListenerRecord[]>;
let removeListener: (target: EventTarget, type: string, record: ListenerRecord) => void;

/**
 * The Workers `EventTarget`, with workerd's dispatch rules:
 * - an `on<type>` property that holds a function is called first, before every listener, even
 *   though no such property is declared (workerd: JSG_REFLECTION(onEvents), basics.c++);
 * - `this` in a function listener is the target with set_event_target_this, else globalThis;
 * - without spec_compliant_dispatch_exceptions the first throwing listener stops the dispatch and
 *   its exception propagates; with it, every listener runs and the exceptions are collected.
 */
export class EventTarget {
  readonly #listeners = new Map<string, ListenerRecord[]>();
  readonly #context: RuntimeContext;

  constructor() {
    this.#context = activeContext();
  }

  static {
    contextOf = (target) => target.#context;
    listenersOf = (target) => target.#listeners;
    removeListener = (target, type, record) => target.#remove(type, record);
  }

  /** A Node EventTarget (AbortSignal, say) still counts as an EventTarget, as it does in workerd. */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(EventTarget, value)) return true;
    return value instanceof NodeEventTarget;
  }

  addEventListener(
    type: string,
    callback: ListenerCallback | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (callback === null || callback === undefined) return;
    const { capture, once, signal } = normaliseOptions(options);
    if (signal?.aborted) return;
    const key = String(type);
    let list = this.#listeners.get(key);
    if (!list) {
      list = [];
      this.#listeners.set(key, list);
    }
    if (list.some((r) => r.callback === callback && r.capture === capture)) return;
    const record: ListenerRecord = { callback, capture, once, removed: false };
    list.push(record);
    if (signal) {
      const onAbort = () => this.#remove(key, record);
      signal.addEventListener("abort", onAbort, { once: true });
      record.abortCleanup = () => signal.removeEventListener("abort", onAbort);
    }
  }

  removeEventListener(
    type: string,
    callback: ListenerCallback | null,
    options?: boolean | EventListenerOptions,
  ): void {
    if (callback === null || callback === undefined) return;
    const capture = typeof options === "boolean" ? options : Boolean(options?.capture);
    const key = String(type);
    const record = this.#listeners.get(key)?.find((r) => r.callback === callback && r.capture === capture);
    if (record) this.#remove(key, record);
  }

  /**
   * Synchronous dispatch of a script-made event. Without spec_compliant_dispatch_exceptions the
   * first listener exception propagates to the caller; with it, exceptions are reported as uncaught.
   */
  dispatchEvent(event: Event): boolean {
    if (!(event instanceof Event)) throw createWebSocketError("DispatchNotAnEvent");
    const state = eventState(event);
    if (state.dispatching) {
      throw new DOMException("The event is already being dispatched.", "InvalidStateError");
    }
    const outcome = dispatch(this, event);
    if (outcome.thrown.length > 0) {
      if (!this.#context.settings.specCompliantDispatchExceptions) throw outcome.thrown[0];
      for (const error of outcome.thrown) this.#context.reportUncaught(error);
    }
    return outcome.notCanceled;
  }

  #remove(type: string, record: ListenerRecord): void {
    const list = this.#listeners.get(type);
    if (!list) return;
    const index = list.indexOf(record);
    if (index >= 0) list.splice(index, 1);
    record.removed = true;
    record.abortCleanup?.();
    if (list.length === 0) this.#listeners.delete(type);
  }
}

/** Dispatches `event` at `target`: sets the dispatch fields, runs listeners, resets the fields. */
export function dispatch(target: EventTarget, event: Event): DispatchOutcome {
  const state = eventState(event);
  state.dispatching = true;
  state.target = target;
  state.currentTarget = target;
  state.phase = Event.AT_TARGET;
  let thrown: unknown[];
  try {
    thrown = runListeners(target, event, state);
  } finally {
    state.dispatching = false;
    state.currentTarget = null;
    state.phase = Event.NONE;
    state.stopped = false;
    state.stoppedImmediately = false;
  }
  return { thrown, notCanceled: !(state.cancelable && state.canceled) };
}

export function targetContext(target: EventTarget): RuntimeContext {
  return contextOf(target);
}

interface EventListenerOptions {
  capture?: boolean;
}

function normaliseOptions(options: boolean | AddEventListenerOptions | undefined) {
  if (typeof options === "boolean") return { capture: options, once: false, signal: undefined };
  if (options === null || options === undefined) return { capture: false, once: false, signal: undefined };
  return {
    capture: Boolean(options.capture),
    once: Boolean(options.once),
    signal: options.signal,
  };
}

/** Whether anything would observe an event of this type (a listener or an on<type> function). */
export function hasObservers(target: EventTarget, type: string): boolean {
  return (
    listenersOf(target).has(type) ||
    typeof (target as unknown as Record<string, unknown>)[`on${type}`] === "function"
  );
}

/** Runs the on<type> handler, then the listeners in order, collecting exceptions per the flag. */
function runListeners(target: EventTarget, event: Event, state: EventState): unknown[] {
  const thrown: unknown[] = [];
  const settings = contextOf(target).settings;
  const stopOnThrow = !settings.specCompliantDispatchExceptions;
  const receiver = settings.setEventTargetThis ? target : globalThis;
  const handler = (target as unknown as Record<string, unknown>)[`on${state.type}`];
  if (typeof handler === "function") {
    try {
      handler.call(receiver, event);
    } catch (error) {
      thrown.push(error);
      if (stopOnThrow) return thrown;
    }
    if (state.stoppedImmediately) return thrown;
  }
  const list = listenersOf(target).get(state.type);
  if (!list) return thrown;
  for (const record of list.slice()) {
    if (record.removed) continue;
    if (record.once) removeListener(target, state.type, record);
    try {
      const callback = record.callback;
      if (typeof callback === "function") callback.call(receiver, event);
      else callback.handleEvent(event);
    } catch (error) {
      thrown.push(error);
      if (stopOnThrow) return thrown;
    }
    if (state.stoppedImmediately) break;
  }
  return thrown;
}
