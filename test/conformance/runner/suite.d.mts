// Types for suite.mjs, for conformance.test.ts.

import type { Configuration } from "../configurations.mjs";

export type Status = "identical" | "differs" | "accepted" | "error";

export interface CaseResult {
  case: string;
  configuration: string;
  status: Status;
  /** Why a difference is accepted (status "accepted"), from known-differences.json. */
  reason?: string;
  /** workerd (-) against the emulation (+), one trace entry per line (status "differs"/"accepted"). */
  diff?: string[];
  /** What prevented the comparison (status "error"). */
  error?: string;
}

export interface ConformanceRun {
  workerdVersion: string;
  configurations: Configuration[];
  caseIds: string[];
  normalisations: { id: string; description: string; applied: number }[];
  results: CaseResult[];
  staleKnownDifferences: { case: string; configurations?: string[]; reason: string }[];
  /** Normalised workerd traces: configuration id → case id → trace entries. */
  workerdTraces: Record<string, Record<string, unknown[]>>;
}

export interface RunOptions {
  configurations?: Configuration[];
  filter?: RegExp;
  jobs?: number;
  emulationUnavailable?: string;
  onProgress?: (line: string) => void;
}

export function defaultJobs(): number;
export function runConformance(options?: RunOptions): Promise<ConformanceRun>;
export function summarise(run: Pick<ConformanceRun, "results">): {
  runs: number;
  identical: number;
  differs: number;
  accepted: number;
  error: number;
  passed: boolean;
};
