// @vitest-environment-options {"durableObjects": {"TALLY": {"module": "./src/counter.ts", "className": "Counter"}}, "vars": {"GREETING": "hi"}}
import { env, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import type { Counter } from "./src/counter.js";

it("the durableObjects option binds a module's class without a wrangler file, vars beside it", async () => {
  const tally = (env as unknown as { TALLY: typeof env.COUNTER }).TALLY;
  expect(Object.keys(env).sort()).toEqual(["GREETING", "TALLY"]);
  const stub = tally.getByName("x");
  expect(await stub.increment(7)).toBe(7);
  expect(await runInDurableObject(stub, (instance: Counter) => instance.env)).toEqual({
    GREETING: "hi",
    TALLY: tally,
  });
  expect(await (await stub.fetch("https://tally.example/")).text()).toBe("hi: 7");
});
