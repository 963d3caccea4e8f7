import { describe, expect, it } from "vitest";
import { DurableObject, type DurableObjectState, listDurableObjectIds, runInDurableObject } from "workers-ws";
import { NEW, OLD, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// Instance lifecycle, observed in workerd 2026-11-17 at both dates: one instance per id,
// constructed on first use with (ctx, env); blockConcurrencyWhile() in the constructor holds the
// first requests; a rejected blockConcurrencyWhile() or ctx.abort() resets the object.

const log: string[] = [];
/** What Resettable did after ctx.abort() returned (workerd: abort() never returns). */
const afterAbort: string[] = [];

class Held extends DurableObject<{ LABEL: string }> {
  n = 0;
  constructor(ctx: DurableObjectState, env: { LABEL: string }) {
    super(ctx, env);
    log.push(`construct ${env.LABEL}`);
    void ctx.blockConcurrencyWhile(async () => {
      log.push("bcw start");
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push("bcw end");
    });
  }
  hit() {
    log.push(`hit ${++this.n}`);
    return this.n;
  }
}

class Exclusive extends DurableObject {
  events: string[] = [];
  async hold() {
    await this.ctx.blockConcurrencyWhile(async () => {
      this.events.push("hold start");
      await new Promise((resolve) => setTimeout(resolve, 20));
      this.events.push("hold end");
    });
  }
  note(what: string) {
    this.events.push(what);
    return this.events;
  }
}

class FailsToStart extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      throw new Error("bcw failed");
    });
  }
  hi() {
    return "hi";
  }
}

class Resettable extends DurableObject {
  n = 0;
  hit() {
    return ++this.n;
  }
  abortMe(reason?: unknown) {
    this.ctx.abort(reason);
    afterAbort.push("code after abort() ran");
    return "returned";
  }
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return "slow done";
  }
}

async function rejection(work: Promise<unknown>) {
  const error = (await work.then(
    () => undefined,
    (e: unknown) => e,
  )) as Error & Record<string, unknown>;
  return { message: error?.message, keys: error ? Object.keys(error) : [], reset: error?.durableObjectReset };
}

describe.each([OLD, NEW])("lifecycle at %s", (date) => {
  // Calls go through RPC, which 2024-01-01 has with the rpc flag only.
  const env = useRuntime({ compatibilityDate: date, compatibilityFlags: date === OLD ? ["rpc"] : [] });

  it("constructs one instance per id with (ctx, env), holding requests until blockConcurrencyWhile ends", async () => {
    log.length = 0;
    const ns = namespaceOf(Held, { LABEL: "env-value" });
    const [a, b] = await Promise.all([ns.getByName("y").hit(), ns.getByName("y").hit()]);
    expect([a, b]).toEqual([1, 2]);
    expect(log).toEqual(["construct env-value", "bcw start", "bcw end", "hit 1", "hit 2"]);
    await ns.getByName("other").hit();
    expect(log.filter((line) => line.startsWith("construct"))).toHaveLength(2);
  });

  it("holds calls that arrive while a method's blockConcurrencyWhile() runs", async () => {
    const stub = namespaceOf(Exclusive).getByName("x");
    await stub.note("first");
    const held = stub.hold();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const events = await stub.note("during");
    await held;
    expect(events).toEqual(["first", "hold start", "hold end", "during"]);
  });

  it("runs fn inside the object with runInDurableObject, constructing it first", async () => {
    log.length = 0;
    const ns = namespaceOf(Held, { LABEL: "e" });
    const stub = ns.getByName("r");
    const seen = await runInDurableObject(stub, (instance: Held, state) => {
      return [instance instanceof Held, instance.n, state.id.name, state === instance.ctx];
    });
    expect(seen).toEqual([true, 0, "r", true]);
    expect(log).toEqual(["construct e", "bcw start", "bcw end"]);
    expect(await stub.hit()).toBe(1);
    expect(await runInDurableObject(stub, (instance: Held) => instance.n)).toBe(1);
  });

  it("lists the ids of constructed objects", async () => {
    const ns = namespaceOf(Held, { LABEL: "e" });
    ns.getByName("never-used");
    await ns.getByName("one").hit();
    await ns.getByName("two").hit();
    const ids = await listDurableObjectIds(ns);
    expect(ids.map((id) => id.name)).toEqual(["one", "two"]);
  });

  it("resets the object when blockConcurrencyWhile() rejects: every caller gets the error", async () => {
    const ns = namespaceOf(FailsToStart);
    const stub = ns.getByName("b");
    const expected = { message: "bcw failed", keys: ["durableObjectReset"], reset: true };
    expect(await rejection(stub.hi())).toEqual(expected);
    expect(await rejection(stub.hi())).toEqual(expected);
    expect(await rejection(ns.getByName("b").hi())).toEqual(expected);
  });

  it("ctx.abort(reason) rejects pending calls, breaks the stub and leaves a fresh instance for new stubs", async () => {
    const ns = namespaceOf(Resettable);
    const stub = ns.getByName("a");
    expect(await stub.hit()).toBe(1);
    const slow = stub.slow();
    const expected = { message: "why not", keys: ["durableObjectReset"], reset: true };
    expect(await rejection(stub.abortMe("why not"))).toEqual(expected);
    expect(await rejection(slow)).toEqual(expected);
    expect(await rejection(stub.hit())).toEqual(expected);
    expect(await rejection(stub.fetch("https://x.example/"))).toEqual(expected);
    expect(afterAbort).toEqual([]);
    const fresh = ns.getByName("a");
    expect(await fresh.hit()).toBe(1);
  });

  it("turns the abort reason into an Error message as workerd does", async () => {
    const ns = namespaceOf(Resettable);
    expect(await rejection(ns.getByName("w").abortMe(new RangeError("range reason")))).toMatchObject({
      message: "RangeError: range reason",
    });
    expect(await rejection(ns.getByName("v").abortMe())).toMatchObject({
      message: "Application called abort() to reset Durable Object.",
    });
  });

  it("checks blockConcurrencyWhile() and waitUntil() arguments, and logs a rejected waitUntil()", async () => {
    const ns = namespaceOf(Resettable);
    const stub = ns.getByName("c");
    await runInDurableObject(stub, async (_instance: Resettable, state) => {
      expect(await failure(() => (state.blockConcurrencyWhile as () => unknown)())).toBe(
        "TypeError: Failed to execute 'blockConcurrencyWhile' on 'DurableObjectState': parameter 1 is not of type 'function'.",
      );
      expect(await state.blockConcurrencyWhile(() => 5)).toBe(5);
      expect(await failure(() => (state.waitUntil as () => unknown)())).toBe(
        "TypeError: Failed to execute 'waitUntil' on 'DurableObjectState': parameter 1 is not of type 'Promise'.",
      );
      state.waitUntil(Promise.reject(new Error("background failed")));
      expect(Object.keys(state)).toEqual(["storage", "id", "props"]);
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(env.uncaught.map((error) => (error as Error).message)).toEqual(["background failed"]);
  });
});
