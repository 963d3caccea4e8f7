export interface DiffStep {
  readonly op: " " | "-" | "+";
  readonly line: string;
}
export function traceLines(trace: readonly unknown[]): string[];
export function tracesEqual(expected: readonly unknown[], actual: readonly unknown[]): boolean;
export function diffLines(expected: readonly string[], actual: readonly string[]): DiffStep[];
export function unifiedDiff(
  expected: readonly unknown[],
  actual: readonly unknown[],
  context?: number,
): string[];
