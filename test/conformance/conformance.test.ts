// Runs the conformance suite (every scenario × configuration, in workerd and in the emulation) and
// fails for each configuration with an unlisted difference or an error. One workerd process per
// configuration, started and stopped by the suite. Set CONFORMANCE_FILTER to a RegExp source to run a
// subset of cases. The committed report files are written only by `npm run conformance`.

import { assert, beforeAll, describe, expect, test } from "vitest";
import { CONFIGURATIONS } from "./configurations.mjs";
import { type ConformanceRun, runConformance } from "./runner/suite.mjs";

/** How many diffs a failure message shows in full; the rest are listed by name. */
const DIFFS_SHOWN = 5;

const filter = process.env.CONFORMANCE_FILTER ? new RegExp(process.env.CONFORMANCE_FILTER) : undefined;
let run: ConformanceRun;

beforeAll(async () => {
  run = await runConformance({ filter });
}, 300_000);

describe("workers-ws matches workerd", () => {
  test.each(CONFIGURATIONS.map((configuration) => configuration.id))("%s", (configurationId) => {
    const results = run.results.filter((result) => result.configuration === configurationId);
    expect(results.length).toBe(run.caseIds.length);
    const failing = results.filter((result) => result.status === "differs" || result.status === "error");
    const details = failing
      .slice(0, DIFFS_SHOWN)
      .map((result) =>
        [`--- ${result.case}: ${result.status}`, ...(result.diff ?? [result.error ?? ""])].join("\n"),
      );
    const more = failing.slice(DIFFS_SHOWN).map((result) => result.case);
    const message = [
      `${failing.length} of ${results.length} cases do not match workerd under ${configurationId}:`,
      ...details,
      ...(more.length ? [`… and ${more.length} more: ${more.join(", ")}`] : []),
    ].join("\n\n");
    if (failing.length > 0) assert.fail(message);
  });
});
