import { describe, expect, it } from "vitest";
import { parseEnvironmentOptions } from "vitest-environment-workers-ws";

describe("transcript environment options", () => {
  it("pass transcript and transcriptLimit to the runtime", () => {
    const limited = parseEnvironmentOptions({ "workers-ws": { transcriptLimit: 50 } });
    expect(limited.runtime.transcriptLimit).toBe(50);
    const off = parseEnvironmentOptions({ "workers-ws": { transcript: false } });
    expect(off.runtime.transcriptLimit).toBe(0);
    expect(parseEnvironmentOptions({}).runtime.transcriptLimit).toBe(1000);
  });

  it("refuse a bad transcriptLimit with a clear error", () => {
    expect(() => parseEnvironmentOptions({ "workers-ws": { transcriptLimit: 0 } })).toThrow(
      'Invalid workers-ws environment options: workers-ws option "transcriptLimit" must be a whole number from 1 to 1000000, got 0. To record nothing, set "transcript" to false.',
    );
  });
});
