import { expect, it } from "vitest";
import { env, listDurableObjectIds } from "vitest-environment-workers-ws";

type Counter = { getByName(name: string): { increment(): Promise<number> } };

it("stores a count and adds a binding to env", async () => {
  const counters = env.COUNTER as Counter;
  expect(await counters.getByName("shared").increment()).toBe(1);
  expect(await counters.getByName("shared").increment()).toBe(2);
  env.LEFT_BEHIND = "by the first file";
  expect(await listDurableObjectIds(env.COUNTER as never)).toHaveLength(1);
});
