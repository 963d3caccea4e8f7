// The runner's Durable Object seam (scenario-files.mjs, harness/tracer.js, runner-emulation.mjs):
// scenario files' `durableObjects` are found and checked, the function form gets the base class it is
// given, cases reach namespaces through t.objects, and an emulation without the API is reported.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { createTracer } from "../harness/tracer.js";
import { durableObjectsMissing } from "./runner-emulation.mjs";
import { importDurableObjects, loadCases, loadDurableObjects } from "./scenario-files.mjs";

const dir = mkdtempSync(path.join(os.tmpdir(), "do-runner-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** A scenario file in a temporary directory, as listScenarioFiles would describe it. */
function scenarioFile(source: string) {
  const file = `9${files++}-probe`;
  const filePath = path.join(dir, `${file}.js`);
  writeFileSync(filePath, `${source}\nexport const scenarios = {};\n`);
  return { file, path: filePath };
}

describe("durableObjects in scenario files", () => {
  test("the repository's files declare unique classes; their cases are marked", async () => {
    const classes = await loadDurableObjects();
    const names = classes.map(({ className }) => className);
    expect(names).toContain("Do40Echo");
    expect(names).toContain("Do44Handlers");
    expect(new Set(names).size).toBe(names.length);
    const cases = await loadCases();
    expect(cases.find(({ id }) => id === "40-do-ids-stubs/fetchText")?.usesDurableObjects).toBe(true);
    expect(cases.find(({ id }) => id === "01-pair-shape/pairIterable")?.usesDurableObjects).toBe(false);
  });

  test("the function form is called with the base classes it is given", async () => {
    class Base {}
    const entry = scenarioFile(
      "export const durableObjects = ({ DurableObject }) => ({ DoProbe: class extends DurableObject {} });",
    );
    const classes = await importDurableObjects(entry, { DurableObject: Base });
    expect(classes.DoProbe?.prototype).toBeInstanceOf(Base);
  });

  test("a file without durableObjects has none", async () => {
    expect(await importDurableObjects(scenarioFile("// nothing"))).toEqual({});
  });

  test.each([
    ["a non-object", "export const durableObjects = 5;", "must be an object of classes"],
    ["a lower-case name", "export const durableObjects = { doProbe: class {} };", "a class name must match"],
    ["a non-class", "export const durableObjects = { DoProbe: 1 };", "durableObjects.DoProbe is not a class"],
  ])("%s is refused with a message naming the file", async (_, source, message) => {
    const entry = scenarioFile(source);
    await expect(importDurableObjects(entry)).rejects.toThrow(`${entry.file}.js`);
    await expect(importDurableObjects(entry)).rejects.toThrow(message);
  });

  test("the same class name in two files is refused", async () => {
    const a = scenarioFile("export const durableObjects = { DoTwice: class {} };");
    const b = scenarioFile("export const durableObjects = { DoTwice: class {} };");
    await expect(loadDurableObjects([a, b])).rejects.toThrow(
      `Durable Object class DoTwice is exported by ${a.file}.js and ${b.file}.js; names must be unique.`,
    );
  });
});

describe("t.objects and t.caseId", () => {
  test("a case reaches its namespaces by class name and knows its id", () => {
    const namespace = { idFromName() {} };
    const { t } = createTracer({ caseId: "40-x/y", objects: { DoProbe: namespace } });
    expect(t.caseId).toBe("40-x/y");
    expect(t.objects.DoProbe).toBe(namespace);
  });

  test("an unknown class name throws a TypeError naming the known ones", () => {
    const { t } = createTracer({ objects: { DoProbe: {} } });
    expect(() => t.objects.DoPrboe).toThrow(
      new TypeError(
        "t.objects.DoPrboe: no Durable Object class DoPrboe; the scenario files declare DoProbe.",
      ),
    );
  });
});

describe("an emulation without Durable Objects", () => {
  test("is reported with what it lacks", () => {
    expect(durableObjectsMissing({})).toBe(
      "workers-ws does not export createDurableObjectNamespace() or DurableObject() (Durable Objects, issue 19)",
    );
    expect(durableObjectsMissing({ createDurableObjectNamespace() {}, DurableObject: class {} })).toBe(
      undefined,
    );
  });
});
