import { describe, expect, it } from "vitest";
import { abortIoContext, createIoContext, readyStateOf, settle, type WebSocket } from "workers-ws";
import { describeError, NEW, OLD, Trace, thrownBy, useRuntime } from "../../support/trace.js";
import { acceptingFetch, TestHost, type TestState } from "./support/test-host.js";

// workerd-durable-objects-observed.md "Event timeout": the setter's conversion (jsg uint32_t,
// api/actor-state.c++ setHibernatableWebSocketEventTimeout) and a handler cut off when it runs
// past the timeout (api/global-scope.c++ setHibernatableEventTimeout: the actor is shut down).

class Empty {}

describe.each([OLD, NEW])("the hibernatable event timeout at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });

  it("converts its argument as a uint32 and unsets with 0, null or undefined", () => {
    const { state } = new TestHost(Empty);
    const set = state.setHibernatableWebSocketEventTimeout as (...a: unknown[]) => void;
    expect(state.getHibernatableWebSocketEventTimeout()).toBeNull();
    set(1.5);
    expect(state.getHibernatableWebSocketEventTimeout()).toBe(1);
    set("1000");
    expect(state.getHibernatableWebSocketEventTimeout()).toBe(1000);
    for (const unset of [0, null, undefined]) {
      set(250);
      set(unset);
      expect(state.getHibernatableWebSocketEventTimeout()).toBeNull();
    }
    set(250);
    set();
    expect(state.getHibernatableWebSocketEventTimeout()).toBeNull();
    set(604_800_000);
    expect(state.getHibernatableWebSocketEventTimeout()).toBe(604_800_000);
    // Truncated before the range checks (observed in workerd 2026-11-17): -0.5 is 0, so unset.
    set(-0.5);
    expect(state.getHibernatableWebSocketEventTimeout()).toBeNull();
    set(true);
    expect(state.getHibernatableWebSocketEventTimeout()).toBe(1);
    set([5]);
    expect(state.getHibernatableWebSocketEventTimeout()).toBe(5);
  });

  it("throws workerd's errors and keeps the previous value", () => {
    const { state } = new TestHost(Empty);
    const set = state.setHibernatableWebSocketEventTimeout as (...a: unknown[]) => void;
    set(5000);
    expect(describeError(thrownBy(() => set(604_800_001)))).toBe(
      "Error: Event timeout should not exceed 604800000 ms.",
    );
    for (const negative of [-1, -1.5]) {
      expect(describeError(thrownBy(() => set(negative)))).toBe(
        "TypeError: The value cannot be converted because it is negative and this API expects a positive number.",
      );
    }
    expect(describeError(thrownBy(() => set(4294967295.5)))).toBe(
      "Error: Event timeout should not exceed 604800000 ms.",
    );
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, {}, "abc"]) {
      expect(describeError(thrownBy(() => set(bad)))).toBe(
        "TypeError: The value cannot be converted because it is not an integer.",
      );
    }
    expect(describeError(thrownBy(() => set(2 ** 32)))).toBe(
      "TypeError: Value out of range. Must be less than or equal to 4294967295.",
    );
    expect(state.getHibernatableWebSocketEventTimeout()).toBe(5000);
  });

  it("cuts off a handler that runs past it; the socket stays open, the instance stays", async () => {
    const trace = new Trace();
    const Slow = class {
      constructor(readonly state: TestState) {
        trace.log("constructed");
      }
      fetch(request: Request) {
        this.state.setHibernatableWebSocketEventTimeout(20);
        return acceptingFetch(this.state, request);
      }
      async webSocketMessage(ws: WebSocket, message: string) {
        trace.log("start", message);
        if (message === "slow") {
          await new Promise((resolve) => setTimeout(resolve, 80));
          trace.log("late code ran");
          ws.send("late reply");
          return;
        }
        ws.send(`reply ${message}`);
      }
    };
    // Installed, the runtime's timers drop the callbacks of an aborted IoContext.
    const restore = env.runtime.install(globalThis);
    const host = new TestHost(Slow);
    const client = await host.connect();
    trace.tap("c", client);
    client.send("slow");
    await new Promise((resolve) => setTimeout(resolve, 150));
    await settle();
    expect(host.aborts.map(String)).toEqual([
      "Error: broken.dropped; jsg.Error: Actor exceeded event execution time and was disconnected.",
    ]);
    expect(readyStateOf(client)).toBe(1);
    expect(host.state.getWebSockets()).toHaveLength(1);
    client.send("fast");
    await settle();
    restore();
    // Observed in workerd 2026-11-17: constructed, start slow, start fast, reply fast: the late
    // code never runs (its setTimeout was the aborted context's), and the instance stays.
    expect(trace.lines).toEqual(["constructed", "start slow", "start fast", "c:message reply fast rs=1"]);
    expect(host.constructions).toBe(1);
    expect(host.uncaught).toEqual([]);
  });

  it("an installed runtime's timers skip the callbacks of an aborted IoContext, and restore", async () => {
    const original = globalThis.setTimeout;
    const restore = env.runtime.install(globalThis);
    try {
      expect(globalThis.setTimeout).not.toBe(original);
      const fired: string[] = [];
      const aborted = createIoContext();
      const live = createIoContext();
      aborted.run(() => setTimeout(() => fired.push("aborted context"), 1));
      live.run(() => setTimeout(() => fired.push("live context"), 1));
      setTimeout(() => fired.push("test code"), 1);
      const cleared = live.run(() => setTimeout(() => fired.push("cleared"), 1));
      clearTimeout(cleared);
      abortIoContext(aborted);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fired.sort()).toEqual(["live context", "test code"]);
    } finally {
      restore();
    }
    expect(globalThis.setTimeout).toBe(original);
  });

  it("leaves a handler that finishes in time alone", async () => {
    const Quick = class {
      constructor(readonly state: TestState) {}
      fetch(request: Request) {
        this.state.setHibernatableWebSocketEventTimeout(200);
        return acceptingFetch(this.state, request);
      }
      async webSocketMessage(ws: WebSocket) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ws.send("done");
      }
    };
    const host = new TestHost(Quick);
    const client = await host.connect();
    const got: string[] = [];
    client.addEventListener("message", (e) => got.push(String(e.data)));
    client.send("x");
    await new Promise((resolve) => setTimeout(resolve, 30));
    await settle();
    expect(got).toEqual(["done"]);
    expect(host.aborts).toEqual([]);
    expect(host.constructions).toBe(1);
  });
});
