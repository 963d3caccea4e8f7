import { describe, expect, it } from "vitest";
import { NEWEST_SUPPORTED_DATE } from "vitest-environment-workers-ws";
import { runFixture } from "./run-fixture.js";

// Compatibility settings as real projects write them (issue 18): test/environment-fixtures/compat-settings
// has two test files, so "once per file" shows as exactly two warnings.
describe("compatibility settings from a real project", () => {
  it("a date newer than this release knows runs as the newest known date, with one warning per file", async () => {
    const run = await runFixture("compat-settings", {
      WORKERS_WS_OPTIONS: JSON.stringify({ compatibilityDate: "2099-12-31" }),
    });
    expect(run.output).toContain("2 passed");
    expect(run.code).toBe(0);
    const warning = `workers-ws: compatibilityDate 2099-12-31 is newer than the newest date this release knows; using ${NEWEST_SUPPORTED_DATE}`;
    expect(run.output.split(warning).length - 1).toBe(2);
  }, 60_000);

  it("workerd flags outside WebSockets (nodejs_compat) are accepted and listed as not emulated", async () => {
    const run = await runFixture("compat-settings", {
      WORKERS_WS_OPTIONS: JSON.stringify({
        compatibilityDate: "2024-09-23",
        compatibilityFlags: ["nodejs_compat", "web_socket_auto_reply_to_close"],
      }),
      EXPECTED_DATE: "2024-09-23",
      EXPECTED_UNEMULATED: JSON.stringify(["nodejs_compat"]),
      EXPECTED_AUTO_REPLY: "true",
    });
    expect(run.output).toContain("2 passed");
    expect(run.code).toBe(0);
    expect(run.output).not.toContain("newer than the newest date");
  }, 60_000);

  it("a misspelt flag still fails, with the closest real name", async () => {
    const run = await runFixture("compat-settings", {
      WORKERS_WS_OPTIONS: JSON.stringify({ compatibilityFlags: ["nodejs_compt"] }),
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Unknown compatibility flag "nodejs_compt". Did you mean "nodejs_compat"?');
  }, 60_000);
});
