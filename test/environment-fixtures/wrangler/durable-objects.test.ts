import {
  env,
  evictDurableObject,
  isDurableObjectHibernated,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
  SELF,
} from "cloudflare:test";
import { DurableObject } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Counter } from "./src/counter.js";

describe("durable_objects.bindings of wrangler.jsonc", () => {
  it("env.COUNTER is a namespace of main's Counter: RPC, storage, runInDurableObject", async () => {
    const stub = env.COUNTER.getByName("a");
    expect(await stub.increment()).toBe(1);
    expect(await stub.increment(2)).toBe(3);
    const seen = await runInDurableObject(stub, async (instance: Counter, state) => {
      expect(instance).toBeInstanceOf(Counter);
      expect(instance).toBeInstanceOf(DurableObject);
      // The env instances get is the file's env, the namespace included.
      expect((instance.env as unknown as typeof env).COUNTER).toBe(env.COUNTER);
      expect(instance.env.GREETING).toBe("hello");
      return { calls: instance.calls, stored: await state.storage.get("count"), id: state.id.toString() };
    });
    expect(seen).toEqual({ calls: 2, stored: 3, id: env.COUNTER.idFromName("a").toString() });
    expect((await listDurableObjectIds(env.COUNTER)).map(String)).toEqual([
      env.COUNTER.idFromName("a").toString(),
    ]);
  });

  it("an eviction drops the instance and keeps storage; objects start empty in each test file", async () => {
    const stub = env.COUNTER.getByName("b");
    await stub.increment(5);
    await evictDurableObject(stub);
    expect(isDurableObjectHibernated(stub)).toBe(true);
    expect(await stub.increment()).toBe(6);
    expect(await runInDurableObject(stub, (instance: Counter) => instance.calls)).toBe(1);
  });

  it("SELF reaches the object through main, with the file's env", async () => {
    await env.COUNTER.getByName("c").increment(4);
    expect(await (await SELF.fetch("https://greeter.example/counter/c")).text()).toBe("hello: 4");
  });

  it("Counter, listed in the migrations' new_sqlite_classes, is SQLite-backed (ctx.storage.sql: Node.js 22.16+)", async () => {
    const outcome = await runInDurableObject(env.COUNTER.getByName("sql"), (_: Counter, state) => {
      try {
        return state.storage.sql.exec<{ one: number }>("SELECT 1 AS one").one().one;
      } catch (error) {
        return (error as Error).message;
      }
    });
    const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
    if (major > 22 || (major === 22 && minor >= 16)) expect(outcome).toBe(1);
    // Before Node.js 22.16 the class is still SQLite-backed: the error is about Node, not the class.
    else expect(outcome).toMatch(/^workers-ws: ctx\.storage\.sql needs Node\.js 22\.16 or newer/);
  });

  it("runDurableObjectAlarm runs a scheduled alarm now, once", async () => {
    const stub = env.COUNTER.getByName("alarm");
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    await runInDurableObject(stub, (_: Counter, state) => state.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_: Counter, state) => state.storage.get("alarmed"))).toBe(true);
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });
});
