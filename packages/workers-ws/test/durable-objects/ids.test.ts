import { describe, expect, it } from "vitest";
import { DurableObject } from "workers-ws";
import { NEW, OLD, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// Durable Object ids, observed in workerd 2026-11-17 (in-memory namespaces with uniqueKey "a-key"
// and "b-key") at both dates: derived as workerd's local id factory derives them.

class A extends DurableObject {}

describe.each([OLD, NEW])("ids at %s", (date) => {
  useRuntime({ compatibilityDate: date });

  it("derives idFromName as workerd does: 64 hex digits, the same for the same name", () => {
    const ns = namespaceOf(A, {}, "a-key");
    const id = ns.idFromName("alpha");
    // The very id workerd gave for "alpha" in a namespace with uniqueKey "a-key".
    expect(id.toString()).toBe("c5275a143eee0bdfd8710ea61b048d6da68e4641c38fdc0a306bb9e574bab910");
    expect(ns.idFromName("").toString()).toBe(
      "9c7942ec8c886014dca8ec8cc750ad959f45eba74f7fee48143aaf9346f91485",
    );
    expect(ns.idFromName("alpha").equals(id)).toBe(true);
    expect(id.name).toBe("alpha");
    expect(ns.idFromName(5 as unknown as string).name).toBe("5");
    expect(namespaceOf(A, {}, "b-key").idFromName("alpha").toString()).not.toBe(id.toString());
  });

  it("has workerd's shape: own name and jurisdiction, toString/equals on the prototype", () => {
    const ns = namespaceOf(A);
    const id = ns.idFromName("alpha");
    expect(Object.keys(id)).toEqual(["jurisdiction", "name"]);
    expect(JSON.stringify(id)).toBe('{"name":"alpha"}');
    expect(Object.prototype.toString.call(id)).toBe("[object DurableObjectId]");
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(id)).sort()).toEqual(
      ["constructor", "equals", "toString"].sort(),
    );
  });

  it("makes unique ids without a name and refuses a jurisdiction", async () => {
    const ns = namespaceOf(A);
    const a = ns.newUniqueId();
    const b = ns.newUniqueId({});
    expect(a.name).toBeUndefined();
    expect(a.toString()).toMatch(/^[0-9a-f]{64}$/);
    expect(a.equals(b)).toBe(false);
    expect(ns.idFromString(a.toString()).equals(a)).toBe(true);
    const refused = "Error: Jurisdiction restrictions are not implemented in workerd.";
    expect(await failure(() => ns.newUniqueId({ jurisdiction: "eu" }))).toBe(refused);
    expect(await failure(() => ns.jurisdiction("eu"))).toBe(refused);
  });

  it("parses idFromString with workerd's errors, accepting upper case, without a name", async () => {
    const ns = namespaceOf(A, {}, "a-key");
    const id = ns.idFromName("alpha");
    const parsed = ns.idFromString(id.toString().toUpperCase());
    expect(parsed.toString()).toBe(id.toString());
    expect(parsed.name).toBeUndefined();
    expect(parsed.equals(id)).toBe(true);
    const malformed = "TypeError: Invalid Durable Object ID: must be 64 hex digits";
    expect(await failure(() => ns.idFromString("bad"))).toBe(malformed);
    expect(await failure(() => ns.idFromString("z".repeat(64)))).toBe(malformed);
    expect(await failure(() => ns.idFromString(5 as unknown as string))).toBe(malformed);
    const otherNamespace = "TypeError: Durable Object ID is not valid for this namespace.";
    expect(await failure(() => ns.idFromString("0".repeat(64)))).toBe(otherNamespace);
    const other = namespaceOf(A, {}, "b-key").idFromName("alpha").toString();
    expect(await failure(() => ns.idFromString(other))).toBe(otherNamespace);
    expect(await failure(() => (ns.idFromString as () => unknown)())).toBe(
      "TypeError: Failed to execute 'idFromString' on 'DurableObjectNamespace': parameter 1 is not of type 'string'.",
    );
    expect(await failure(() => (ns.idFromName as () => unknown)())).toBe(
      "TypeError: Failed to execute 'idFromName' on 'DurableObjectNamespace': parameter 1 is not of type 'string'.",
    );
  });

  it("refuses equals() with a non-id and get() with a non-id", async () => {
    const ns = namespaceOf(A);
    const id = ns.idFromName("x");
    expect(await failure(() => id.equals(id.toString() as never))).toBe(
      "TypeError: Failed to execute 'equals' on 'DurableObjectId': parameter 1 is not of type 'DurableObjectId'.",
    );
    expect(await failure(() => ns.get("abc" as never))).toBe(
      "TypeError: Failed to execute 'get' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectId'.",
    );
  });

  it("gives stubs own name and id, getByName included", () => {
    const ns = namespaceOf(A);
    const id = ns.idFromName("alpha");
    const stub = ns.get(id);
    expect(stub.id).toBe(id);
    expect(stub.name).toBe("alpha");
    expect(Object.keys(stub)).toEqual(["name", "id"]);
    expect(Object.prototype.toString.call(stub)).toBe("[object DurableObject]");
    expect(ns.getByName("alpha").id.equals(id)).toBe(true);
    expect(ns.get(ns.newUniqueId()).name).toBeUndefined();
    expect(Object.prototype.toString.call(ns)).toBe("[object DurableObjectNamespace]");
  });

  it("lets get() take another namespace's id, as workerd does (only idFromString checks)", async () => {
    const ns = namespaceOf(A, {}, "a-key");
    const foreign = namespaceOf(A, {}, "b-key").idFromName("x");
    expect(ns.get(foreign).id).toBe(foreign);
  });
});
