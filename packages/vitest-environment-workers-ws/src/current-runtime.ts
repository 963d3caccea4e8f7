import type { Runtime } from "workers-ws";
import type { TimerTracker } from "./leftover-timers.js";
import type { OpenSocketsPolicy } from "./options.js";

interface FileRuntime {
  readonly runtime: Runtime;
  readonly openSockets: OpenSocketsPolicy;
  /** The timers the test files create (cleared per file by the setup file with isolate: false). */
  readonly timers?: TimerTracker;
  /** Set by the setup file when it loads: the openSockets policy can then fail the file. */
  setupFileLoaded?: boolean;
  /** Whether uncaught Worker errors fail tests (the uncaughtErrors option is "fail"). */
  readonly failOnUncaught: boolean;
  /** Uncaught Worker errors waiting for the setup file's afterEach (uncaughtErrors: "fail"). */
  readonly uncaught: unknown[];
  /** The page of the `page` option (browser/page-option.ts), open until teardown. */
  environmentPage?: import("./browser/open-page.js").OpenPageRecord;
}

/**
 * Kept on the global object under a registered symbol, not in module state: a setup file may load
 * a second copy of this package (resolved through a symlink's real path), and it must still see
 * the runtime the environment installed.
 */
const KEY = Symbol.for("vitest-environment-workers-ws.current-file-runtime");
const holder = globalThis as unknown as Record<symbol, FileRuntime | undefined>;

/** The runtime the environment installed for the running test file(s). */
export function currentFileRuntime(): FileRuntime | undefined {
  return holder[KEY];
}

export function setCurrentFileRuntime(
  runtime: Runtime,
  openSockets: OpenSocketsPolicy,
  timers?: TimerTracker,
  failOnUncaught = false,
): () => void {
  const previous = holder[KEY];
  holder[KEY] = { runtime, openSockets, timers, failOnUncaught, uncaught: [] };
  return () => {
    holder[KEY] = previous;
  };
}
