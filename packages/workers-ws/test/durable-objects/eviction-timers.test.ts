import { afterEach, beforeEach, expect, it } from "vitest";
import { createRuntime, DurableObject, evictDurableObject, settle } from "workers-ws";
import { NEW } from "../support/trace.js";
import { namespaceOf } from "./support.js";

// An evicted or reset instance's IoContext is aborted: with the runtime installed (as the
// environment installs it), the timers its code set do not fire, as workerd drops them with it.

const fired: string[] = [];

class Ticking extends DurableObject {
  later(label: string) {
    setTimeout(() => fired.push(label), 20);
  }
  abortLater(label: string) {
    setTimeout(() => fired.push(label), 20);
    this.ctx.abort("reset");
  }
}

let restore: (() => void) | undefined;
beforeEach(() => {
  fired.length = 0;
  restore = createRuntime({ compatibilityDate: NEW }).install();
});
afterEach(async () => {
  restore?.();
  await settle();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("drops the timers of an evicted instance, keeps those of the live one", async () => {
  const ns = namespaceOf(Ticking);
  await ns.getByName("evicted").later("evicted");
  await ns.getByName("kept").later("kept");
  await evictDurableObject(ns.getByName("evicted"));
  await sleep(50);
  expect(fired).toEqual(["kept"]);
});

it("drops the timers of a reset instance", async () => {
  const ns = namespaceOf(Ticking);
  await ns
    .getByName("reset")
    .abortLater("reset")
    .catch(() => {});
  await sleep(50);
  expect(fired).toEqual([]);
});
