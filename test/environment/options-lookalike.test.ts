import { describe, expect, it } from "vitest";
import { parseEnvironmentOptions } from "vitest-environment-workers-ws";

function warningsFor(all: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const { runtime } = parseEnvironmentOptions(all, (message) => warnings.push(message));
  runtime.dispose();
  return warnings;
}

describe("environmentOptions keys that look like ours", () => {
  it.each(["workers_ws", "workersWs", "WorkersWS", "worker-ws", "workers-wss", "workersws"])(
    "%s is named, with the key that is read",
    (key) => {
      expect(warningsFor({ [key]: { compatibilityDate: "2024-01-01" } })).toEqual([
        `workers-ws: environmentOptions has the key ${JSON.stringify(key)}, which the workers-ws environment does not read; its options go under "workers-ws" (environmentOptions: { "workers-ws": { … } }).`,
      ]);
    },
  );

  it("other environments' keys and our own key pass without a word", () => {
    expect(
      warningsFor({ "workers-ws": {}, jsdom: { url: "http://x" }, happyDOM: {}, workers: {}, ws: {} }),
    ).toEqual([]);
  });
});
