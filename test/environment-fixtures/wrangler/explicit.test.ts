// @vitest-environment-options {"durableObjects": {"TALLY": {"module": "./src/counter.ts", "className": "Counter"}, "SQL": {"module": "./src/counter.ts", "className": "Counter", "sql": true}, "NOPE": {"module": "./src/counter.ts", "className": "Nope"}}, "vars": {"GREETING": "hi"}}
import { env, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import type { Counter } from "./src/counter.js";

it("the durableObjects option binds a module's class without a wrangler file, vars beside it", async () => {
  const tally = (env as unknown as { TALLY: typeof env.COUNTER }).TALLY;
  expect(Object.keys(env).sort()).toEqual(["GREETING", "NOPE", "SQL", "TALLY"]);
  const stub = tally.getByName("x");
  expect(await stub.increment(7)).toBe(7);
  // Instances get the file's env: the vars and every namespace, this one included.
  const objectEnv = await runInDurableObject(
    stub,
    (instance: Counter) => instance.env as unknown as typeof env,
  );
  expect(objectEnv.GREETING).toBe("hi");
  expect((objectEnv as unknown as { TALLY: unknown }).TALLY).toBe(tally);
  expect(await (await stub.fetch("https://tally.example/")).text()).toBe("hi: 7");
});

it("a class the module does not export is named, with what the module exports, on first use", async () => {
  const nope = (env as unknown as { NOPE: typeof env.COUNTER }).NOPE;
  await expect(nope.getByName("x").increment()).rejects.toThrow(
    /the module of Durable Object binding NOPE \(\.\/src\/counter\.ts\) has no export "Nope" \(its exports: Counter\)/,
  );
});

it("sql: true makes a binding's class SQLite-backed; without it, workerd's not-backed-by-SQLite error", async () => {
  const bindings = env as unknown as Record<"SQL" | "TALLY", typeof env.COUNTER>;
  const sqlError = (namespace: typeof env.COUNTER) =>
    runInDurableObject(namespace.getByName("x"), (_: Counter, state) => {
      try {
        state.storage.sql.exec("SELECT 1");
        return "ran";
      } catch (error) {
        return (error as Error).message;
      }
    });
  expect(await sqlError(bindings.TALLY)).toMatch(/^This Durable Object is not backed by SQLite storage/);
  expect(await sqlError(bindings.SQL)).toMatch(
    /^(ran|workers-ws: ctx\.storage\.sql needs Node\.js 22\.16 or newer)/,
  );
});
