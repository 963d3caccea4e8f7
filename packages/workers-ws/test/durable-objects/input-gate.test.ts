import { describe, expect, it } from "vitest";
import { DurableObject, Response } from "workers-ws";
import { NEW, OLD, useRuntime } from "../support/trace.js";
import { namespaceOf } from "./support.js";

// workerd's input gate, observed in workerd 2026-11-17: while a storage operation is in flight no
// other event reaches the object, so three concurrent get-then-put increments give 1, 2, 3; a timer
// between the get and the put lets the others in (1, 1, 1).

class Counter extends DurableObject {
  async inc(key: string) {
    const value = ((await this.ctx.storage.get<number>(key)) ?? 0) + 1;
    await this.ctx.storage.put(key, value);
    return value;
  }
  async incAcrossTimer(key: string) {
    const value = ((await this.ctx.storage.get<number>(key)) ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
    await this.ctx.storage.put(key, value);
    return value;
  }
  async fetch(): Promise<Response> {
    return new Response(String(await this.inc("f")));
  }
}

describe.each([OLD, NEW])("the input gate at %s", (date) => {
  useRuntime({ compatibilityDate: date, compatibilityFlags: date === OLD ? ["rpc"] : [] });

  it("holds other calls while a storage operation is in flight", async () => {
    const stub = namespaceOf(Counter).getByName("c");
    expect(await Promise.all([stub.inc("n"), stub.inc("n"), stub.inc("n")])).toEqual([1, 2, 3]);
    const texts = await Promise.all(
      [1, 2, 3].map(async () => (await stub.fetch("https://counter.example/")).text()),
    );
    expect(texts).toEqual(["1", "2", "3"]);
  });

  it("lets other calls in while the object waits on something else", async () => {
    const stub = namespaceOf(Counter).getByName("t");
    const results = await Promise.all([
      stub.incAcrossTimer("m"),
      stub.incAcrossTimer("m"),
      stub.incAcrossTimer("m"),
    ]);
    expect(results).toEqual([1, 1, 1]);
  });
});
