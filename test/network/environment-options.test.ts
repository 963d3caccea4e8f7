import { describe, expect, it } from "vitest";
import { currentFileRuntime, parseEnvironmentOptions } from "vitest-environment-workers-ws";

// The environment's "network" option reaches the runtime it builds, and bad values name it.
describe('the environment option "network"', () => {
  it("defaults to loopback", () => {
    expect(currentFileRuntime()?.runtime.network).toBe("loopback");
  });

  it("is passed to the runtime", () => {
    const { runtime } = parseEnvironmentOptions({
      "workers-ws": { network: ["api.example.com", "loopback"] },
    });
    expect(runtime.network).toEqual(["api.example.com", "loopback"]);
  });

  it("refuses a bad value, naming the option", () => {
    expect(() => parseEnvironmentOptions({ "workers-ws": { network: true } })).toThrow(
      'Invalid workers-ws environment options: workers-ws option "network" must be "loopback" (the default), "none", "all" or a list of host names',
    );
  });
});
