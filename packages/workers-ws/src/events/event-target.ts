import { createWebSocketError } from "../errors/catalogue.js";
import { activeContext, type RuntimeContext } from "../runtime/context.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
import { toDOMString } from "../webidl/conversions.js";
import { exposedPrototypeOf } from "../webidl/exposed-prototype.js";
import { type Event, eventInternals, isEvent } from "./event.js";

const events = eventInternals();

type ListenerCallback = ((event: Event) => unknown) | { handleEvent(event: Event): unknown };

export interface AddEventListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

interface EventListenerOptions {
  capture?: boolean;
}

interface ListenerRecord {
  /** What add/removeEventListener compare: the function or the handler object itself. */
  readonly identity: object;
  /** The function to call, and its `this` (the handler object; undefined for a function). */
  readonly call: (this: unknown, event: Event) => unknown;
  readonly handlerObject: object | undefined;
  readonly once: boolean;
  readonly passive: boolean;
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
/**
 * The listeners of one type: the record itself while there is one (the usual case: an array of
 * one would cost another 56 bytes per socket), else an array of them in the order added.
 */
type ListenerEntry = ListenerRecord | ListenerRecord[];

/**
 * A target's listeners by type, flattened as [type, entry, type, entry, …]. A WebSocket has a
 * few types at most, and a Map costs about 180 bytes even for one (its hash table, seen in heap
 * snapshots), which is a tenth of an open pair; a linear search over a handful of strings is as
 * fast as hashing one. Created with the first listener; a type leaves it with its last listener.
 */
type ListenerTable = Array<string | ListenerEntry>;

/** The index of `type`'s entry in the table, or -1. */
function entryIndex(table: ListenerTable | undefined, type: string): number {
  if (table === undefined) return -1;
  for (let i = 0; i < table.length; i += 2) {
    if (table[i] === type) return i + 1;
  }
  return -1;
}

function listenersFor(table: ListenerTable | undefined, type: string): ListenerEntry | undefined {
  const at = entryIndex(table, type);
  return at < 0 ? undefined : (table?.[at] as ListenerEntry);
}

function findListener(entry: ListenerEntry | undefined, identity: unknown): ListenerRecord | undefined {
  if (entry === undefined) return undefined;
  if (!Array.isArray(entry)) return entry.identity === identity ? entry : undefined;
  return entry.find((record) => record.identity === identity);
}

let listenersOf: (target: EventTarget) => ListenerTable | undefined;
let removeListener: (target: EventTarget, type: string, record: ListenerRecord) => void;
let hasEventTargetBrand: (value: unknown) => value is EventTarget;

/**
 * The Workers `EventTarget`, with workerd's dispatch rules:
 * - an `on<type>` property that holds a function is called first, before every listener, even
 *   though no such property is declared (workerd: JSG_REFLECTION(onEvents), basics.c++);
 * - `this` in a function listener is the target with set_event_target_this, else globalThis (an
 *   on<type> function always gets globalThis); a handler object's handleEvent is read when added;
 * - capture is refused, `passive` listeners cannot cancel, and dispatchEvent() returns false once
 *   preventDefault() was called, even on a non-cancelable event (whose defaultPrevented stays false);
 * - without spec_compliant_dispatch_exceptions the first throwing listener stops the dispatch and
 *   its exception propagates; with it, every listener runs and the exceptions are collected.
 */
export class EventTarget {
  #listeners: ListenerTable | undefined = undefined;
  readonly #context: RuntimeContext;

  constructor() {
    this.#context = activeContext();
  }

  static {
    contextOf = (target) => target.#context;
    listenersOf = (target) => target.#listeners;
    removeListener = (target, type, record) => target.#remove(type, record);
    hasEventTargetBrand = (value): value is EventTarget => isObjectLike(value) && #listeners in value;
  }

  // Each method checks its `this` first (workerd's brand check; a WebSocket passes, a Node
  // EventTarget does not).

  // Both take rest parameters: workerd tells a missing argument from an explicit undefined.
  addEventListener(
    ...args: [type: string, callback: ListenerCallback | null, options?: boolean | AddEventListenerOptions]
  ): void {
    brandCheck(this);
    const method = "addEventListener";
    const type = readType(method, args);
    if (args.length < 2)
      throw createWebSocketError("ArgumentType", method, "EventTarget", 2, "function or HandlerObject");
    const callback = args[1];
    const call = readListenerCall(callback);
    const { once, passive, signal } = readAddOptions(args[2]);
    if (call === undefined || signal?.aborted) return;
    const table = this.#listeners;
    const at = entryIndex(table, type);
    const entry = at < 0 ? undefined : (table?.[at] as ListenerEntry);
    if (findListener(entry, callback) !== undefined) return;
    // Written out field by field, always in this order: built with a spread, V8 gave every record
    // a map of its own (about 240 bytes per listener, seen in heap snapshots).
    const record: ListenerRecord = {
      identity: callback as object,
      call,
      handlerObject: typeof callback === "function" ? undefined : (callback as object),
      once,
      passive,
      removed: false,
      abortCleanup: undefined,
    };
    if (table === undefined) this.#listeners = [type, record];
    else if (entry === undefined) table.push(type, record);
    else if (Array.isArray(entry)) entry.push(record);
    else table[at] = [entry, record];
    if (signal) {
      const onAbort = () => this.#remove(type, record);
      signal.addEventListener("abort", onAbort, { once: true });
      record.abortCleanup = () => signal.removeEventListener("abort", onAbort);
    }
  }

  removeEventListener(
    ...args: [type: string, callback: ListenerCallback | null, options?: boolean | EventListenerOptions]
  ): void {
    brandCheck(this);
    const method = "removeEventListener";
    const type = readType(method, args);
    const callback: unknown = args[1];
    const isObject = typeof callback === "function" || (typeof callback === "object" && callback !== null);
    if (args.length < 2 || (!isObject && callback !== null && callback !== undefined)) {
      throw createWebSocketError("ArgumentType", method, "EventTarget", 2, "Object");
    }
    readCapture(method, args[2]);
    if (!isObject) return;
    const record = findListener(listenersFor(this.#listeners, type), callback);
    if (record) this.#remove(type, record);
  }

  /**
   * Synchronous dispatch of a script-made event. Without spec_compliant_dispatch_exceptions the
   * first listener exception propagates to the caller; with it, exceptions are reported as uncaught.
   */
  dispatchEvent(event: Event): boolean {
    brandCheck(this);
    if (!isEvent(event)) throw createWebSocketError("DispatchNotAnEvent");
    if (events.isDispatching(event)) {
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
    const table = this.#listeners;
    const at = entryIndex(table, type);
    if (table === undefined || at < 0) return;
    const entry = table[at] as ListenerEntry;
    let empty: boolean;
    if (Array.isArray(entry)) {
      const index = entry.indexOf(record);
      if (index >= 0) entry.splice(index, 1);
      empty = entry.length === 0;
    } else {
      empty = entry === record;
    }
    record.removed = true;
    record.abortCleanup?.();
    if (empty) table.splice(at - 1, 2);
  }
}

/**
 * A Node EventTarget (AbortSignal, say) still counts as an EventTarget, as it does in workerd. The
 * check is inherited by subclasses, where `this` is the class asked about: only EventTarget itself
 * widens it (`new EventTarget() instanceof WebSocket` stays false).
 */
Object.defineProperty(EventTarget, Symbol.hasInstance, {
  value: function hasInstance(this: { prototype: unknown }, value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this.prototype === exposedPrototypeOf(EventTarget.prototype) && value instanceof NodeEventTarget;
  },
  configurable: true,
});

/** Dispatches `event` at `target`: sets the dispatch fields, runs listeners, resets the fields. */
export function dispatch(target: EventTarget, event: Event): DispatchOutcome {
  // workerd starts every dispatch uncanceled (a preventDefault() before it does not count) and
  // leaves target and currentTarget set afterwards.
  events.beginDispatch(event, target);
  let thrown: unknown[];
  let notCanceled: boolean;
  try {
    thrown = runListeners(target, event);
  } finally {
    notCanceled = events.endDispatch(event);
  }
  return thrown === NOTHING_THROWN ? (notCanceled ? RAN_CLEANLY : RAN_CANCELED) : { thrown, notCanceled };
}

function brandCheck(value: unknown): void {
  if (!hasEventTargetBrand(value)) illegalInvocation();
}

export function targetContext(target: EventTarget): RuntimeContext {
  return contextOf(target);
}

/** The event type argument: required, then ToString (a Symbol throws). */
function readType(method: string, args: unknown[]): string {
  if (args.length < 1) throw createWebSocketError("ArgumentType", method, "EventTarget", 1, "string");
  return toDOMString(args[0]);
}

/**
 * A listener argument's function: none for null and undefined (they add nothing); a function is
 * called with the target as `this` (per set_event_target_this); an object's handleEvent is read
 * once, when it is added, and must be a function (the object is then `this`).
 */
function readListenerCall(callback: unknown): ListenerRecord["call"] | undefined {
  if (callback === null || callback === undefined) return undefined;
  if (typeof callback === "function") return callback as ListenerRecord["call"];
  if (typeof callback !== "object") {
    throw createWebSocketError(
      "ArgumentType",
      "addEventListener",
      "EventTarget",
      2,
      "function or HandlerObject",
    );
  }
  const handleEvent = (callback as { handleEvent?: unknown }).handleEvent;
  if (typeof handleEvent !== "function") {
    throw createWebSocketError("DictionaryFieldType", "handleEvent", "HandlerObject", "function");
  }
  return handleEvent as ListenerRecord["call"];
}

/**
 * workerd has no capturing phase and refuses capture: a boolean (or any non-object) third argument
 * is `useCapture`, an object's `capture` member is read; either one truthy is a TypeError.
 */
function readCapture(method: string, options: unknown): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" && typeof options !== "function") {
    if (options) throw createWebSocketError("CaptureNotSupported", method, "useCapture");
    return;
  }
  if ((options as { capture?: unknown }).capture) {
    throw createWebSocketError("CaptureNotSupported", method, "options.capture");
  }
}

function readAddOptions(options: unknown): {
  once: boolean;
  passive: boolean;
  signal: AbortSignal | undefined;
} {
  readCapture("addEventListener", options);
  if (typeof options !== "object" && typeof options !== "function") {
    return { once: false, passive: false, signal: undefined };
  }
  const dict = (options ?? {}) as AddEventListenerOptions;
  const signal: unknown = dict.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw createWebSocketError("DictionaryFieldType", "signal", "AddEventListenerOptions", "AbortSignal");
  }
  return { once: Boolean(dict.once), passive: Boolean(dict.passive), signal };
}

/**
 * The name of the on<type> property for an event type. The runtime dispatches four types over and
 * over; building "on" + type each time would make a new string to hash for every event.
 */
const HANDLER_NAMES = new Map(["message", "close", "error", "open"].map((type) => [type, `on${type}`]));

function handlerName(type: string): string {
  return HANDLER_NAMES.get(type) ?? `on${type}`;
}

/** Whether anything would observe an event of this type (a listener or an on<type> function). */
export function hasObservers(target: EventTarget, type: string): boolean {
  return (
    listenersFor(listenersOf(target), type) !== undefined ||
    typeof (target as unknown as Record<string, unknown>)[handlerName(type)] === "function"
  );
}

/** What a dispatch in which no listener threw returns as its exceptions (never written to). */
const NOTHING_THROWN: unknown[] = Object.freeze([]) as unknown as unknown[];

/** The outcomes of dispatches in which no listener threw (shared: a runtime event is one per message). */
const RAN_CLEANLY: DispatchOutcome = Object.freeze({ thrown: NOTHING_THROWN, notCanceled: true });
const RAN_CANCELED: DispatchOutcome = Object.freeze({ thrown: NOTHING_THROWN, notCanceled: false });

/** Runs the on<type> handler, then the listeners in order, collecting exceptions per the flag. */
function runListeners(target: EventTarget, event: Event): unknown[] {
  const type = events.type(event);
  let thrown = NOTHING_THROWN;
  const settings = contextOf(target).settings;
  const stopOnThrow = !settings.specCompliantDispatchExceptions;
  const receiver = settings.setEventTargetThis ? target : globalThis;
  const handler = (target as unknown as Record<string, unknown>)[handlerName(type)];
  if (typeof handler === "function") {
    try {
      // workerd calls an on<type> function with globalThis as `this`, whatever the flag says.
      handler.call(globalThis, event);
    } catch (error) {
      thrown = [error];
      if (stopOnThrow) return thrown;
    }
    if (events.isStoppedImmediately(event)) return thrown;
  }
  const entry = listenersFor(listenersOf(target), type);
  if (entry === undefined) return thrown;
  // The listeners when the dispatch starts: one added by a listener is not called in this dispatch.
  // A single listener (the usual case) needs no copy: it is read before it can run and change the list.
  let single: ListenerRecord | undefined;
  let snapshot: ListenerRecord[] | undefined;
  if (Array.isArray(entry)) snapshot = entry.length === 1 ? entry : entry.slice();
  else single = entry;
  const count = snapshot === undefined ? 1 : snapshot.length;
  for (let i = 0; i < count; i++) {
    const record = single ?? (snapshot?.[i] as ListenerRecord);
    if (record.removed) continue;
    if (record.once) removeListener(target, type, record);
    events.setInPassiveListener(event, record.passive);
    try {
      record.call.call(record.handlerObject ?? receiver, event);
    } catch (error) {
      if (thrown === NOTHING_THROWN) thrown = [];
      thrown.push(error);
      if (stopOnThrow) return thrown;
    } finally {
      events.setInPassiveListener(event, false);
    }
    if (events.isStoppedImmediately(event)) break;
  }
  return thrown;
}
