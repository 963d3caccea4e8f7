import { expect, it } from "vitest";
import { currentFileRuntime } from "vitest-environment-workers-ws";

const shared = globalThis as { leakedTicks?: number; leakedDeliveries?: number; leakedTimers?: unknown[] };

it("file b starts clean: no socket, delivery or timer of file a is still alive", async () => {
  expect(currentFileRuntime()?.runtime.openSockets()).toEqual([]);
  const ticks = shared.leakedTicks ?? 0;
  const deliveries = shared.leakedDeliveries ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(shared.leakedTicks ?? 0).toBe(ticks);
  expect(shared.leakedDeliveries ?? 0).toBe(deliveries);
  // isolate: false: file a's timer handles are visible here, and Node has destroyed them (cleared).
  for (const handle of shared.leakedTimers ?? []) {
    expect((handle as { _destroyed?: boolean })._destroyed).toBe(true);
  }
  // What Node still holds: only what this file and the runner itself created.
  console.log(`b active resources: ${JSON.stringify(process.getActiveResourcesInfo())}`);
});
