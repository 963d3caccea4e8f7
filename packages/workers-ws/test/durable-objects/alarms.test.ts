import { describe, expect, it } from "vitest";
import {
  DurableObject,
  type DurableObjectState,
  evictDurableObject,
  runDurableObjectAlarm,
  runInDurableObject,
} from "workers-ws";
import { NEW, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// ctx.storage alarms, observed in workerd 2026-11-17: getAlarm() null or the time in ms,
// alarm({ scheduledTime, retryCount, isRetry }) on the object, getAlarm() null while it runs and
// after it succeeds, a throwing alarm() retried with isRetry.

const calls: unknown[] = [];
let failures = 0;

class Timed extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    calls.push("construct");
  }
  async alarm(info: { scheduledTime: number; retryCount: number; isRetry: boolean }) {
    calls.push({ ...info, during: await this.ctx.storage.getAlarm() });
    if (failures > 0) {
      failures--;
      throw new Error("alarm failed");
    }
  }
}

class NoAlarm extends DurableObject {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("alarms", () => {
  const env = useRuntime({ compatibilityDate: NEW });

  it("stores, replaces and deletes the alarm time, with workerd's argument errors", async () => {
    await runInDurableObject(namespaceOf(Timed).getByName("a"), async (_o: Timed, state) => {
      const storage = state.storage;
      expect(await storage.getAlarm()).toBeNull();
      const t = Date.now() + 100_000;
      await storage.setAlarm(t + 0.7);
      expect(await storage.getAlarm()).toBe(t);
      await storage.setAlarm(new Date(t + 1));
      expect(await storage.getAlarm()).toBe(t + 1);
      expect(await storage.deleteAlarm()).toBeUndefined();
      expect(await storage.getAlarm()).toBeNull();
      const notDate =
        "TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.";
      expect(await failure(() => storage.setAlarm("5000000000000" as never))).toBe(notDate);
      expect(await failure(() => (storage.setAlarm as () => unknown)())).toBe(notDate);
      const notPositive = "TypeError: setAlarm() cannot be called with an alarm time <= 0";
      expect(await failure(() => storage.setAlarm(0))).toBe(notPositive);
      expect(await failure(() => storage.setAlarm(-1))).toBe(notPositive);
    });
    const message = await runInDurableObject(namespaceOf(NoAlarm).getByName("n"), (_o: NoAlarm, state) =>
      failure(() => state.storage.setAlarm(Date.now() + 1000)),
    );
    expect(message).toBe(
      "TypeError: Your Durable Object class must have an alarm() handler in order to call setAlarm()",
    );
  });

  it("fires alarm() on a fresh instance after an eviction, then clears the alarm", async () => {
    const stub = namespaceOf(Timed).getByName("f");
    calls.length = 0;
    const scheduled = await runInDurableObject(stub, async (_o: Timed, state) => {
      const at = Date.now() + 30;
      await state.storage.setAlarm(at);
      return at;
    });
    await evictDurableObject(stub);
    await sleep(80);
    expect(calls).toEqual([
      "construct",
      "construct",
      { scheduledTime: scheduled, retryCount: 0, isRetry: false, during: null },
    ]);
    expect(await runInDurableObject(stub, (_o: Timed, state) => state.storage.getAlarm())).toBeNull();
  });

  it("retries a throwing alarm() with isRetry, logging the error, keeping the time meanwhile", async () => {
    const stub = namespaceOf(Timed).getByName("r");
    calls.length = 0;
    failures = 1;
    const at = Date.now() + 100_000;
    await runInDurableObject(stub, (_o: Timed, state) => state.storage.setAlarm(at));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(env.uncaught.map((error) => (error as Error).message)).toEqual(["alarm failed"]);
    expect(await runInDurableObject(stub, (_o: Timed, state) => state.storage.getAlarm())).toBe(at);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(calls.slice(1)).toEqual([
      { scheduledTime: at, retryCount: 0, isRetry: false, during: null },
      { scheduledTime: at, retryCount: 1, isRetry: true, during: null },
    ]);
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });
});
