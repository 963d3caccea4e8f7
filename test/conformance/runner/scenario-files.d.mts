// Types for scenario-files.mjs, for the runner's tests.

export interface ScenarioFile {
  file: string;
  path: string;
}

export interface ScenarioCase {
  id: string;
  file: string;
  name: string;
  scenario: (t: unknown, io: unknown) => unknown;
  usesDurableObjects: boolean;
}

export type DurableObjectClass = abstract new (...args: never[]) => unknown;

export interface DurableObjectBases {
  DurableObject: DurableObjectClass;
}

export const CONFORMANCE_DIR: string;
export const SCENARIOS_DIR: string;
export const HARNESS_DIR: string;
export const SERVICE_WORKER_PATH: string;
export function listScenarioFiles(): ScenarioFile[];
export function importScenarioFile(entry: ScenarioFile): Promise<Record<string, ScenarioCase["scenario"]>>;
export function importDurableObjects(
  entry: ScenarioFile,
  bases?: DurableObjectBases,
): Promise<Record<string, DurableObjectClass>>;
export function loadDurableObjects(
  files?: ScenarioFile[],
  bases?: DurableObjectBases,
): Promise<{ file: string; className: string; cls: DurableObjectClass }[]>;
export function loadCases(): Promise<ScenarioCase[]>;
