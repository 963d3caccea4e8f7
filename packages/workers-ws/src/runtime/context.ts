import type { CompatSettings } from "../compat/settings.js";

/**
 * What every runtime object needs from the runtime it was created in: its compatibility settings,
 * the delivery loop, the registry of live sockets and where uncaught listener errors go. Objects
 * capture the active context when they are constructed, so a socket keeps its file's behaviour.
 */
export interface RuntimeContext {
  readonly settings: CompatSettings;
  readonly strict: boolean;
  /** Entries each socket's transcript keeps (0: no transcript; absent: the default). */
  readonly transcriptLimit?: number;
  /** Payload bytes each socket's transcript keeps whole (absent: the default). */
  readonly transcriptBytes?: number;
  /** Where a listener's exception goes when the runtime only logs it (workerd: "Uncaught …"). */
  reportUncaught(error: unknown): void;
}

let active: RuntimeContext | undefined;
let fallback: (() => RuntimeContext) | undefined;
let onChange: ((context: RuntimeContext) => void) | undefined;

/** The context new objects belong to: the installed runtime's, else a lazily created default one. */
export function activeContext(): RuntimeContext {
  if (active) return active;
  if (!fallback) throw new Error("workers-ws: no runtime context is available");
  return fallback();
}

export function setActiveContext(context: RuntimeContext | undefined): RuntimeContext | undefined {
  const previous = active;
  active = context;
  if (onChange && (active || fallback)) onChange(activeContext());
  return previous;
}

/**
 * Registered once by the runtime module: state shared by all runtimes that must follow the active
 * one (the Symbol.toStringTag data properties on the prototypes).
 */
export function onActiveContextChange(listener: (context: RuntimeContext) => void): void {
  onChange = listener;
}

/** Registered once by the runtime module so that objects made outside an installed runtime work. */
export function setDefaultContextFactory(factory: () => RuntimeContext): void {
  fallback = factory;
}
