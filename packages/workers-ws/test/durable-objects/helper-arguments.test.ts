import { describe, expect, it } from "vitest";
import {
  createDurableObjectNamespace,
  DurableObject,
  type DurableObjectClass,
  durableObjectInfo,
  evictDurableObject,
  isDurableObjectHibernated,
  listDurableObjectIds,
  runInDurableObject,
} from "workers-ws";
import { NEW, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// Our own API (not workerd's): wrong arguments get a typed error naming the problem.

class Thing extends DurableObject {}

describe("Durable Object helpers refuse bad arguments", () => {
  useRuntime({ compatibilityDate: NEW });

  it("checks the namespace definition", async () => {
    const make = createDurableObjectNamespace as (definition: unknown) => unknown;
    expect(await failure(() => make(undefined))).toBe(
      "TypeError: createDurableObjectNamespace() needs { className, load, env }, got undefined.",
    );
    expect(await failure(() => make({ className: "", load: () => Thing, env: () => ({}) }))).toMatch(
      /^TypeError: createDurableObjectNamespace\(\): "className" must be a non-empty string/,
    );
    expect(await failure(() => make({ className: "Thing", load: Thing, env: {} }))).toMatch(
      /^TypeError: createDurableObjectNamespace\(\) for "Thing": "env" must be a function/,
    );
    expect(
      await failure(() => make({ className: "Thing", load: () => Thing, env: () => ({}), sql: "yes" })),
    ).toMatch(/^TypeError: createDurableObjectNamespace\(\) for "Thing": "sql" must be a boolean/);
  });

  it("names a class that did not load as a class", async () => {
    const ns = createDurableObjectNamespace({
      className: "Missing",
      load: () => undefined as unknown as DurableObjectClass,
      env: () => ({}),
    });
    expect(await failure(() => ns.getByName("x").fetch("https://x.example/"))).toBe(
      'TypeError: workers-ws: the Durable Object class "Missing" did not load as a class (load() gave undefined).',
    );
  });

  it("checks the stub and callback the test helpers get", async () => {
    const stub = namespaceOf(Thing).getByName("x");
    const needsStub = (helper: string) =>
      new RegExp(`^TypeError: workers-ws: ${helper}\\(\\) needs a Durable Object stub`);
    expect(await failure(() => runInDurableObject({} as never, () => 1))).toMatch(
      needsStub("runInDurableObject"),
    );
    expect(await failure(() => evictDurableObject("x" as never))).toMatch(needsStub("evictDurableObject"));
    expect(await failure(() => isDurableObjectHibernated(null as never))).toMatch(
      needsStub("isDurableObjectHibernated"),
    );
    expect(await failure(() => durableObjectInfo(undefined as never))).toMatch(
      needsStub("durableObjectInfo"),
    );
    expect(await failure(() => runInDurableObject(stub, 5 as never))).toBe(
      "TypeError: workers-ws: runInDurableObject(stub, fn) needs a function as fn, got number 5.",
    );
    expect(await failure(() => listDurableObjectIds(stub as never))).toMatch(
      /^TypeError: workers-ws: listDurableObjectIds\(\) needs a Durable Object namespace binding/,
    );
  });
});
