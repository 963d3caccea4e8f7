import { beforeAll, describe, expect, it } from "vitest";
import { describeOpenPages } from "vitest-environment-workers-ws";
import { type FixtureRun, runFixture } from "../environment/run-fixture.js";

// test/environment-fixtures/browser-pages: one file leaves a page with an open socket, one uses
// the `page` option (its page is the environment's, never reported).
describe.each([
  ["with the setup file", "1"],
  ["without it (teardown closes)", "0"],
])("pages left open, %s", (_label, setup) => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture("browser-pages", { SETUP: setup });
  }, 60_000);

  it("are closed and reported like sockets, and their sockets close as a page that goes away (1001)", () => {
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      "workers-ws: 1 browser page was still open when the test file ended; closed now (await page.close() ends one).",
    );
    expect(run.output).toMatch(
      /1\. https:\/\/chat\.example\/ with 1 WebSocket open, opened at:\n\s+at .*leaves-a-page\.test\.ts:\d+:\d+/,
    );
    expect(run.output).toContain("the Worker saw close 1001");
    // The page's socket closed with its page: it is no leftover socket of its own.
    expect(run.output).not.toContain("WebSocket was still open");
    expect(run.output).not.toContain("WebSockets were still open");
  });

  it("the page option's page is installed as window/document and not reported", () => {
    expect(run.output).toContain("page option ok");
    expect(run.output.match(/browser pages? (was|were) still open/g)).toHaveLength(1);
  });
});

describe("describeOpenPages", () => {
  it("counts pages and lists each with its open sockets and where it was opened", () => {
    const report = describeOpenPages([
      {
        url: "https://a.example/",
        openedAt: "at one (x.test.ts:1:1)\nat two",
        sockets: new Set([{}, {}]),
        close: async () => {},
      },
      { url: "https://b.example/", openedAt: "", sockets: new Set(), close: async () => {} },
    ]);
    expect(report.split("\n")).toEqual([
      "workers-ws: 2 browser pages were still open when the test file ended; closed now (await page.close() ends one).",
      "  1. https://a.example/ with 2 WebSockets open, opened at:",
      "       at one (x.test.ts:1:1)",
      "       at two",
      "  2. https://b.example/, opened at:",
      "       (no stack)",
    ]);
  });
});
