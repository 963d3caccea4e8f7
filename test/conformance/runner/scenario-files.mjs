// Finds and loads the scenario files (test/conformance/scenarios/NN-topic.js). Node side only.

import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const CONFORMANCE_DIR = fileURLToPath(new URL("..", import.meta.url));
export const SCENARIOS_DIR = path.join(CONFORMANCE_DIR, "scenarios");
export const HARNESS_DIR = path.join(CONFORMANCE_DIR, "harness");
/** The service-worker syntax Worker of scenarios/37-service-worker.js. */
export const SERVICE_WORKER_PATH = path.join(CONFORMANCE_DIR, "service-worker", "fetch-listener.js");

const FILE_NAME = /^(\d{2}-[a-z0-9-]+)\.js$/;

/** Scenario files in name order: [{ file: "01-pair-shape", path }]. */
export function listScenarioFiles() {
  return readdirSync(SCENARIOS_DIR)
    .filter((name) => name.endsWith(".js"))
    .sort()
    .map((name) => {
      const match = FILE_NAME.exec(name);
      if (!match)
        throw new Error(`Scenario file ${name} must be named NN-topic.js (lower case, digits, dashes).`);
      return { file: match[1], path: path.join(SCENARIOS_DIR, name) };
    });
}

/** Imports one scenario file and checks its shape: `export const scenarios = { name: async (t) => … }`. */
export async function importScenarioFile({ file, path: filePath }) {
  const module = await import(pathToFileURL(filePath).href);
  const { scenarios } = module;
  if (scenarios === null || typeof scenarios !== "object") {
    throw new Error(`${file}.js must export \`const scenarios = { caseName: async (t) => … }\`.`);
  }
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (typeof scenario !== "function") throw new Error(`${file}.js: scenarios.${name} is not a function.`);
  }
  return scenarios;
}

/** Every case of every file: [{ id: "01-pair-shape/keys", file, name, scenario }]. */
export async function loadCases() {
  const cases = [];
  for (const entry of listScenarioFiles()) {
    const scenarios = await importScenarioFile(entry);
    for (const [name, scenario] of Object.entries(scenarios)) {
      cases.push({ id: `${entry.file}/${name}`, file: entry.file, name, scenario });
    }
  }
  return cases;
}
