/**
 * Optional setup file (`setupFiles: ["vitest-environment-workers-ws/setup"]`). It checks for open
 * sockets in an afterAll hook of every test file, which matters in two cases: with `isolate: false`
 * an environment's teardown runs once for many files, so sockets and timers one file leaves open
 * are closed and cleared here before the next file; and `openSockets: "error"` fails the file here, dependably (Vitest
 * does not report errors thrown by an environment's teardown).
 */
import { afterAll, afterEach } from "vitest";
import { renewFileBindings } from "./bindings/current-bindings.js";
import { closeLeftoverPages } from "./browser/leftover-pages.js";
import { currentFileRuntime } from "./current-runtime.js";
import { closeLeftoverNetwork } from "./leftover-servers.js";
import { closeLeftoverSockets } from "./leftover-sockets.js";
import { reportLeftoverTimers } from "./leftover-timers.js";
import { throwPendingUncaught } from "./uncaught-errors.js";

// Teardown reports say whether the setup file was there (openSockets: "error" depends on it).
const loaded = currentFileRuntime();
if (loaded) loaded.setupFileLoaded = true;

// uncaughtErrors: "fail": what Worker code left uncaught during a test fails that test.
afterEach(async () => {
  const current = currentFileRuntime();
  if (!current?.failOnUncaught) return;
  // What the test set in motion may still throw: deliver it first.
  await current.runtime.settle();
  throwPendingUncaught();
});

afterAll(async () => {
  const current = currentFileRuntime();
  if (!current) return;
  throwPendingUncaught();
  try {
    try {
      // Pages first: closing one closes its sockets, which are then no leftovers of their own.
      await closeLeftoverPages(current.runtime, current.openSockets, "throw", current.environmentPage);
      await closeLeftoverSockets(current.runtime, current.openSockets, "throw");
    } finally {
      // Servers a file left listening must not serve the next file's tests (isolate: false).
      await closeLeftoverNetwork(current.runtime, current.openSockets, "throw");
    }
  } finally {
    // With isolate: false the next file shares this worker: its timers must not see this file's.
    if (current.timers) reportLeftoverTimers(current.timers.clearPending(), current.openSockets);
    // Nor its Durable Objects, their storage or what it put in env.
    renewFileBindings();
  }
});
