import { expect, it } from "vitest";
import { currentFileRuntime } from "vitest-environment-workers-ws";

const shared = globalThis as {
  leakedTicks?: number;
  leakedDeliveries?: number;
  leakedTimers?: unknown[];
  leakedServerUrl?: string;
};

// With isolate: false file a's URL is in the shared global; otherwise file a ran in another
// worker, and the teardown test checks the report that names the server instead.
it.runIf(process.env.ISOLATE === "0")("file a's server no longer answers", async () => {
  const url = shared.leakedServerUrl;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(fetch(url as string)).rejects.toThrow();
});

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
  // What Node still holds: no server (file a's was stopped) and no timer of file a.
  const resources = process.getActiveResourcesInfo();
  expect(resources).not.toContain("TCPServerWrap");
  console.log(`b active resources: ${JSON.stringify(resources)}`);
});
