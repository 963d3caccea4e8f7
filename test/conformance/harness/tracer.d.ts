// Types for tracer.js, for the runner's tests (the scenarios themselves are plain JavaScript).

export interface Tracer {
  caseId: string | undefined;
  objects: Record<string, unknown>;
  log(label: string, ...value: unknown[]): void;
  try<T>(label: string, fn: () => T): T | undefined;
  describe(value: unknown): unknown;
  [method: string]: unknown;
}

export function createTracer(options?: { caseId?: string; objects?: Record<string, unknown> }): {
  t: Tracer;
  record(entry: unknown): void;
  finish(): Promise<unknown[]>;
};
