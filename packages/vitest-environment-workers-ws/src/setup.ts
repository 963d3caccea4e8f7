/**
 * Optional setup file (`setupFiles: ["vitest-environment-workers-ws/setup"]`). It checks for open
 * sockets in an afterAll hook of every test file, which matters in two cases: with `isolate: false`
 * an environment's teardown runs once for many files, so sockets one file leaves open are closed
 * here before the next file; and `openSockets: "error"` fails the file here, dependably (Vitest
 * does not report errors thrown by an environment's teardown).
 */
import { afterAll } from "vitest";
import { currentFileRuntime } from "./current-runtime.js";
import { closeLeftoverSockets } from "./leftover-sockets.js";

afterAll(async () => {
  const current = currentFileRuntime();
  if (current) await closeLeftoverSockets(current.runtime, current.openSockets, "throw");
});
