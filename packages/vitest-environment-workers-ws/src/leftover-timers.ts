import type { OpenSocketsPolicy } from "./options.js";

type TimerKind = "setTimeout" | "setInterval" | "setImmediate";
const CLEAR = {
  setTimeout: "clearTimeout",
  setInterval: "clearInterval",
  setImmediate: "clearImmediate",
} as const;
type Timers = Record<TimerKind | (typeof CLEAR)[TimerKind], (...args: unknown[]) => unknown>;

export interface TimerTracker {
  /** Clears every timer the file created that is still pending; returns how many there were, by kind. */
  clearPending(): Map<TimerKind, number>;
  /** Puts the original timer functions back. */
  restore(): void;
}

/**
 * Tracks the timers a test file creates through the globals, so that a file's leftover timers
 * cannot fire during the next file when Vitest runs files in one worker (isolate: false). With
 * isolation each file gets a fresh worker and this only reports. Timers made through fake timers
 * (vi.useFakeTimers) replace these globals and are not tracked; Vitest's own timers were captured
 * before the environment started, and timers set from node_modules are left alone (see
 * calledFromUserCode).
 */
export function trackTimers(global: object): TimerTracker {
  const target = global as Timers;
  const original = { ...pick(target) };
  const pending = new Map<unknown, TimerKind>();
  for (const kind of Object.keys(CLEAR) as TimerKind[]) {
    const create = original[kind];
    const clear = original[CLEAR[kind]];
    if (typeof create !== "function" || typeof clear !== "function") continue;
    const tracked = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      if (typeof callback !== "function" || !calledFromUserCode(tracked))
        return create.call(this, callback, ...rest);
      let handle: unknown;
      const run = function (this: unknown, ...args: unknown[]) {
        if (kind !== "setInterval") pending.delete(handle);
        return (callback as (...a: unknown[]) => unknown).apply(this, args);
      };
      handle = create.call(this, run, ...rest);
      pending.set(handle, kind);
      return handle;
    };
    // Keep what code inspects: the name, and util.promisify's custom form (setTimeout(ms) as a promise).
    Object.defineProperties(tracked, Object.getOwnPropertyDescriptors(create));
    target[kind] = tracked;
    target[CLEAR[kind]] = function (this: unknown, handle: unknown) {
      pending.delete(handle);
      return clear.call(this, handle);
    };
  }
  return {
    clearPending() {
      const counts = new Map<TimerKind, number>();
      for (const [handle, kind] of pending) {
        original[CLEAR[kind]].call(globalThis, handle);
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      pending.clear();
      return counts;
    },
    restore() {
      Object.assign(target, original);
    },
  };
}

/**
 * Whether the code that called the timer function is the user's (a test file or the code under
 * test), not a dependency: Vitest itself sets timers through the globals (e.g. to flush captured
 * console output), and those must survive the file. One stack frame is enough to decide.
 */
function calledFromUserCode(wrapper: (...args: never[]) => unknown): boolean {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, wrapper);
  Error.stackTraceLimit = limit;
  const caller = holder.stack?.split("\n")[1] ?? "";
  return caller !== "" && !caller.includes("node_modules") && !caller.includes("(node:");
}

function pick(target: Timers): Timers {
  const out = {} as Timers;
  for (const kind of Object.keys(CLEAR) as TimerKind[]) {
    out[kind] = target[kind];
    out[CLEAR[kind]] = target[CLEAR[kind]];
  }
  return out;
}

/** One line for the report, e.g. "2 timers (setInterval 1, setTimeout 1)". */
export function describeLeftoverTimers(counts: Map<TimerKind, number>): string | undefined {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const parts = [...counts].map(([kind, n]) => `${kind} ${n}`).join(", ");
  return `workers-ws: ${total} timer${total === 1 ? " was" : "s were"} still pending when the test file ended (${parts}); cleared now.`;
}

/** Reports cleared timers the way leftover sockets are reported (the openSockets policy). */
export function reportLeftoverTimers(counts: Map<TimerKind, number>, policy: OpenSocketsPolicy): void {
  const report = describeLeftoverTimers(counts);
  if (report === undefined || policy === "silent") return;
  console.warn(report);
}
