import { expect, it } from "vitest";
import { currentFileRuntime } from "vitest-environment-workers-ws";

it("file b starts with no socket from file a", () => {
  expect(currentFileRuntime()?.runtime.openSockets()).toEqual([]);
});
