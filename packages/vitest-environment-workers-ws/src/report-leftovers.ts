import type { OpenSocketsPolicy } from "./options.js";

/** What a file left open (sockets, servers), raised under `openSockets: "error"`. */
export class OpenSocketsError extends Error {
  override name = "OpenSocketsError";
}

/**
 * Reports what a file left open by the openSockets policy: a warning, nothing, or an
 * OpenSocketsError, thrown inside a test hook or raised through failRun from teardown.
 */
export function reportLeftovers(
  report: string,
  policy: OpenSocketsPolicy,
  /** "throw" inside a test hook (the failure belongs to the file); "report" from teardown. */
  failure: "throw" | "report",
): void {
  if (policy === "silent") return;
  if (policy !== "error") console.warn(report);
  else if (failure === "throw") throw new OpenSocketsError(report);
  else failRun(new OpenSocketsError(report));
}

/**
 * Vitest ignores errors thrown by an environment's teardown, so the error goes where every test
 * runner (Vitest, Jest, node:test) collects errors that escape a test: the uncaughtException
 * listeners. Where nobody listens, it is thrown. This is best effort (the run may already be
 * summarised); the setup file's afterAll is the dependable place to fail.
 */
function failRun(error: Error): void {
  if (process.listenerCount("uncaughtException") === 0) throw error;
  const emit = process.emit as (event: string, ...args: unknown[]) => boolean;
  emit.call(process, "uncaughtException", error, "uncaughtException");
}
