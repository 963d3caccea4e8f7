/**
 * Optional setup file (`setupFiles: ["vitest-environment-workers-ws/setup"]`). An environment's
 * teardown runs once per worker, which with `isolate: false` means once for many files; this file
 * adds an afterAll hook so sockets left open by one file are closed and reported before the next.
 */
import { afterAll } from "vitest";
import { currentFileRuntime } from "./current-runtime.js";
import { closeLeftoverSockets } from "./leftover-sockets.js";

afterAll(async () => {
  const current = currentFileRuntime();
  if (current) await closeLeftoverSockets(current.runtime, current.openSockets);
});
