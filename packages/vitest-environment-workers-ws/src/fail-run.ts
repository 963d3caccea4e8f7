/**
 * Vitest ignores errors thrown by an environment's teardown, so the error goes where every test
 * runner (Vitest, Jest, node:test) collects errors that escape a test: the uncaughtException
 * listeners. Where nobody listens, it is thrown. This is best effort (the run may already be
 * summarised); the setup file's afterAll is the dependable place to fail.
 */
export function failRun(error: Error): void {
  if (process.listenerCount("uncaughtException") === 0) throw error;
  const emit = process.emit as (event: string, ...args: unknown[]) => boolean;
  emit.call(process, "uncaughtException", error, "uncaughtException");
}
