// Types for runner-emulation.mjs, for the runner's tests.

import type { Configuration } from "../configurations.mjs";

export interface EmulationRun {
  traces?: Record<string, unknown[]>;
  notAvailable?: Record<string, string>;
  unavailable?: string;
}

export function durableObjectsMissing(api: Record<string, unknown>): string | undefined;
export function runEmulationConfiguration(
  configuration: Configuration,
  caseIds: string[],
): Promise<EmulationRun>;
