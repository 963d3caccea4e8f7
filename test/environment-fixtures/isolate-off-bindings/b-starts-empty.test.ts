import { expect, it } from "vitest";
import { env, listDurableObjectIds } from "vitest-environment-workers-ws";

type Counter = { getByName(name: string): { increment(): Promise<number> } };

it("gets its own env and empty namespaces though it shares the first file's worker", async () => {
  expect(env.MODE).toBe("test");
  expect(env.LEFT_BEHIND).toBeUndefined();
  expect(await listDurableObjectIds(env.COUNTER as never)).toEqual([]);
  expect(await (env.COUNTER as Counter).getByName("shared").increment()).toBe(1);
});
