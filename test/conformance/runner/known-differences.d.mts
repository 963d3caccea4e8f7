import type { DiffStep } from "./compare.mjs";

export interface KnownDifference {
  readonly case: string;
  readonly configurations?: readonly string[];
  readonly extraLines?: readonly string[];
  readonly reason: string;
}
export const KNOWN_DIFFERENCES_FILE: string;
export function loadKnownDifferences(file?: string): KnownDifference[];
export function findKnownDifference(
  entries: readonly KnownDifference[],
  caseId: string,
  configurationId: string,
  script?: readonly DiffStep[],
): KnownDifference | undefined;
