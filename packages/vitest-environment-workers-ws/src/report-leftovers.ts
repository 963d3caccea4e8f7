import { currentFileRuntime } from "./current-runtime.js";
import type { OpenSocketsPolicy } from "./options.js";

/** The setup file that lets openSockets: "error" fail a test file. */
export const SETUP_FILE = "vitest-environment-workers-ws/setup";

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
  else {
    // From teardown the error cannot fail the file (Vitest ignores what teardown throws), so the
    // strictest policy must not end up quieter than "warn": print the report and say why the
    // file still passes.
    console.error(`${report}\n${whyTeardownCannotFail()}`);
    failRun(new OpenSocketsError(report));
  }
}

function whyTeardownCannotFail(): string {
  if (currentFileRuntime()?.setupFileLoaded) {
    return `workers-ws: openSockets is "error", but these were opened after the setup file's afterAll hook ran, when nothing can fail the test file any more.`;
  }
  return `workers-ws: openSockets is "error", but without the setup file this cannot fail the test file (Vitest ignores errors from an environment's teardown). Add setupFiles: ["${SETUP_FILE}"] to the Vitest config.`;
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
