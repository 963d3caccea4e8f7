import { describe, expect, it } from "vitest";
import {
  languageLevelWarning,
  missingLanguageFeatures,
} from "../../packages/vitest-environment-workers-ws/src/language-level.js";
import { runFixture } from "./run-fixture.js";

// workerd 2026-11-17 has every one of these (probed in workerd); Node 20 and 22 lack some.
const nodeMajor = Number.parseInt(process.versions.node, 10);

describe("JavaScript that workerd has and this Node lacks", () => {
  it("is detected by feature, not by version number", () => {
    const missing = missingLanguageFeatures();
    const hasIteratorHelpers =
      typeof (globalThis as { Iterator?: { prototype?: { map?: unknown } } }).Iterator?.prototype?.map ===
      "function";
    expect(missing.includes("iterator helpers (ES2025)")).toBe(!hasIteratorHelpers);
    if (nodeMajor >= 24) expect(missing).toEqual([]);
    if (nodeMajor === 20) expect(missing).toContain("Set methods (ES2025)");
  });

  it("is named in one line that says what fails and what to do", () => {
    expect(languageLevelWarning([], "v24.0.0")).toBeUndefined();
    expect(languageLevelWarning(["iterator helpers (ES2025)", "Set methods (ES2025)"], "v20.20.2")).toBe(
      'workers-ws: Node v20.20.2 lacks JavaScript that workerd has: iterator helpers (ES2025), Set methods (ES2025). Worker code using it works in workerd but fails here (ReferenceError, or "… is not a function"); run the tests on Node 24 or newer.',
    );
  });

  it("is warned about by the environment at most once per process, and only when something is missing", async () => {
    const run = await runFixture("compat-settings", { EXPECTED_DATE: "2026-11-01" });
    expect(run.code).toBe(0);
    const count = run.output.split("workers-ws: Node ").length - 1;
    if (missingLanguageFeatures().length === 0) expect(count).toBe(0);
    // Two test files: one warning per Vitest worker process, so one or two.
    else expect([1, 2]).toContain(count);
  }, 60_000);
});
