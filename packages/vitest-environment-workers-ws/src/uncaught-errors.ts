import { currentFileRuntime } from "./current-runtime.js";

/**
 * What happens to an exception Worker code leaves uncaught (a throwing event listener, a
 * `strict: true` violation inside one, a rejected waitUntil promise): workerd only logs it, and
 * so does "log" (the default), under the test that caused it. "fail" (the default under
 * `strict: true`) makes it fail that test.
 */
export type UncaughtErrorsPolicy = "log" | "fail";

export const UNCAUGHT_ERROR_POLICIES: readonly UncaughtErrorsPolicy[] = ["log", "fail"];

/** An exception Worker code left uncaught, failing the test under `uncaughtErrors: "fail"`. */
export class UncaughtWorkerError extends Error {
  override name = "UncaughtWorkerError";

  constructor(errors: readonly unknown[]) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    super(
      `Worker code left an exception uncaught${more}: ${describe(first)}. workerd only logs it; this test fails because uncaughtErrors is "fail".`,
      { cause: errors.length === 1 ? first : errors },
    );
    // Point at where the Worker code threw, not at where the failure is raised.
    if (first instanceof Error && typeof first.stack === "string") {
      const frames = first.stack.split("\n").filter((line) => /^\s+at /.test(line));
      this.stack = [`${this.name}: ${this.message}`, ...frames].join("\n");
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message === "" ? error.name : `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return "an exception";
  }
}

/**
 * The runtime's handler for uncaught errors under "fail". With the setup file the errors wait for
 * its afterEach, which fails the running test with them; without it they are thrown from a fresh
 * task, which Vitest reports as an unhandled error of the file and fails the run with.
 */
export function failingUncaughtHandler(): (error: unknown) => void {
  return (error) => {
    const current = currentFileRuntime();
    if (current?.setupFileLoaded) {
      current.uncaught.push(error);
      return;
    }
    setImmediate(() => {
      throw new UncaughtWorkerError([error]);
    });
  };
}

/** Called by the setup file after each test and the file: throws what Worker code left uncaught. */
export function throwPendingUncaught(): void {
  const current = currentFileRuntime();
  if (!current || current.uncaught.length === 0) return;
  const errors = current.uncaught.splice(0);
  throw new UncaughtWorkerError(errors);
}
