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

/** A Durable Object class name: it becomes an export of the worker and a capnp/binding name. */
const CLASS_NAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Imports one scenario file and checks its shape: `export const scenarios = { name: async (t) => … }`,
 * and optionally `export const durableObjects = { ClassName: class { … } }`.
 */
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

/**
 * Stands in for `cloudflare:workers`' DurableObject where only the class names are needed (the
 * workerd runner generates its config from them; the classes themselves run in workerd).
 */
class NamesOnlyDurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

/**
 * The Durable Object classes of one scenario file ({} when it exports none), checked. `durableObjects`
 * is an object of plain classes, or a function `({ DurableObject }) => ({ … })` for classes that need
 * the base class (workerd offers JavaScript RPC only to subclasses of cloudflare:workers'
 * DurableObject); `bases.DurableObject` is what that function receives.
 */
export async function importDurableObjects(
  { file, path: filePath },
  bases = { DurableObject: NamesOnlyDurableObject },
) {
  const exported = (await import(pathToFileURL(filePath).href)).durableObjects;
  if (exported === undefined) return {};
  const durableObjects = typeof exported === "function" ? exported(bases) : exported;
  if (durableObjects === null || typeof durableObjects !== "object")
    throw new Error(
      `${file}.js: \`durableObjects\` must be an object of classes ({ ClassName: class … }) or a function ({ DurableObject }) => that object.`,
    );
  for (const [name, cls] of Object.entries(durableObjects)) {
    if (!CLASS_NAME.test(name))
      throw new Error(`${file}.js: durableObjects.${name}: a class name must match ${CLASS_NAME}.`);
    if (typeof cls !== "function") throw new Error(`${file}.js: durableObjects.${name} is not a class.`);
  }
  return durableObjects;
}

/**
 * Every Durable Object class of these files: [{ file, className, cls }], built on `bases` (see
 * importDurableObjects; by default a names-only stand-in). Class names must be unique
 * across files (both sides bind every class under its own name), e.g. prefixed by the file number.
 */
export async function loadDurableObjects(files = listScenarioFiles(), bases = undefined) {
  const classes = [];
  const seen = new Map();
  for (const entry of files) {
    for (const [className, cls] of Object.entries(await importDurableObjects(entry, bases))) {
      if (seen.has(className))
        throw new Error(
          `Durable Object class ${className} is exported by ${seen.get(className)}.js and ${entry.file}.js; names must be unique.`,
        );
      seen.set(className, entry.file);
      classes.push({ file: entry.file, className, cls });
    }
  }
  return classes;
}

/**
 * Every case of every file: [{ id: "01-pair-shape/keys", file, name, scenario, usesDurableObjects }].
 * `usesDurableObjects`: the case's file declares Durable Object classes (its cases use `t.objects`).
 */
export async function loadCases() {
  const cases = [];
  for (const entry of listScenarioFiles()) {
    const scenarios = await importScenarioFile(entry);
    const usesDurableObjects = Object.keys(await importDurableObjects(entry)).length > 0;
    for (const [name, scenario] of Object.entries(scenarios)) {
      cases.push({ id: `${entry.file}/${name}`, file: entry.file, name, scenario, usesDurableObjects });
    }
  }
  return cases;
}
