/**
 * happy-dom, imported on the first openPage() of a process rather than with the environment:
 * loading it takes about 230 ms (Node 24, this machine class), which every test file would
 * otherwise pay at start-up, pages or not.
 *
 * happy-dom binds the timer functions it finds on globalThis when its modules are evaluated (so
 * that a test's fake timers cannot stall a page). A test that fakes timers before its first
 * openPage() would hand it the fakes, so the import runs with the timers this module found when
 * the environment loaded it, and puts the current ones back right after.
 */
import type * as HappyDom from "happy-dom";
import type CookieStringUtilityType from "happy-dom/lib/cookie/urilities/CookieStringUtility.js";

export interface HappyDomModules {
  readonly Browser: typeof HappyDom.Browser;
  readonly CookieStringUtility: typeof CookieStringUtilityType;
}

/** The names happy-dom captures at evaluation (window/BrowserWindow.js, AsyncTaskManager.js). */
const TIMER_NAMES = [
  "setTimeout",
  "clearTimeout",
  "setInterval",
  "clearInterval",
  "queueMicrotask",
  "setImmediate",
  "clearImmediate",
] as const;
const global = globalThis as unknown as Record<string, unknown>;
const realTimers = new Map(TIMER_NAMES.map((name) => [name, global[name]]));

let loading: Promise<HappyDomModules> | undefined;

export function loadHappyDom(): Promise<HappyDomModules> {
  loading ??= importWithRealTimers();
  return loading;
}

async function importWithRealTimers(): Promise<HappyDomModules> {
  const current = new Map(TIMER_NAMES.map((name) => [name, global[name]]));
  for (const [name, real] of realTimers) global[name] = real;
  try {
    const [happyDom, cookies] = await Promise.all([
      import("happy-dom"),
      import("happy-dom/lib/cookie/urilities/CookieStringUtility.js"),
    ]);
    return { Browser: happyDom.Browser, CookieStringUtility: cookies.default };
  } finally {
    for (const [name, value] of current) global[name] = value;
  }
}
