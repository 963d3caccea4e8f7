import { describe, expect, it } from "vitest";
import { DurableObject, type DurableObjectState, runInDurableObject, WorkerEntrypoint } from "workers-ws";
import { NEW, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// The cloudflare:workers base classes, observed in workerd 2026-11-17.

class Room extends DurableObject<{ V: number }> {
  probe() {
    return [Object.keys(this), this.env.V];
  }
}

describe("DurableObject and WorkerEntrypoint", () => {
  useRuntime({ compatibilityDate: NEW });

  it("keeps ctx and env as own enumerable fields", async () => {
    const stub = namespaceOf(Room, { V: 7 }).getByName("r");
    expect(await stub.probe()).toEqual([["ctx", "env"], 7]);
    const state = await runInDurableObject(
      stub,
      (room: Room, state: DurableObjectState) => room.ctx === state,
    );
    expect(state).toBe(true);
  });

  it("has workerd's names, length and tag", () => {
    expect([DurableObject.name, DurableObject.length, WorkerEntrypoint.name]).toEqual([
      "DurableObject",
      0,
      "WorkerEntrypoint",
    ]);
    expect(Object.prototype.toString.call(DurableObject.prototype)).toBe("[object DurableObjectBase]");
  });

  it("refuses a DurableObject constructed with anything but the runtime's state", async () => {
    expect(await failure(() => new DurableObject({} as DurableObjectState, {}))).toBe(
      "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'.",
    );
  });

  it("lets WorkerEntrypoint take any ctx and env", () => {
    const entrypoint = new WorkerEntrypoint({ a: 1 } as never, { b: 2 });
    expect([Object.keys(entrypoint), entrypoint.ctx, entrypoint.env]).toEqual([
      ["ctx", "env"],
      { a: 1 },
      { b: 2 },
    ]);
  });
});
