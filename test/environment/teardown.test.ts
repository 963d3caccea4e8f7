import { describe, expect, it } from "vitest";
import { runFixture } from "./run-fixture.js";

describe("sockets still open when a test file ends", () => {
  it("are closed and reported with where they were created (default: warn)", async () => {
    const run = await runFixture("leftover");
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      "workers-ws: 2 WebSockets were still open when the test file ended; closed now.",
    );
    expect(run.output).toContain("readyState 1 (OPEN), created at:");
    expect(run.output).toMatch(/leftover\.test\.ts:\d+:\d+/);
  }, 60_000);

  it('fail the file with openSockets: "error" (checked by the setup file\'s afterAll)', async () => {
    const run = await runFixture("leftover", { OPEN_SOCKETS: "error", WITH_SETUP: "1" });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("OpenSocketsError");
    expect(run.output).toContain("2 WebSockets were still open");
    expect(run.output).toMatch(/leftover\.test\.ts:\d+:\d+/);
  }, 60_000);

  it('are still reported with openSockets: "error" without the setup file, which is named', async () => {
    const run = await runFixture("leftover", { OPEN_SOCKETS: "error" });
    expect(run.output).toContain("2 WebSockets were still open");
    expect(run.output).toMatch(/leftover\.test\.ts:\d+:\d+/);
    expect(run.output).toContain(
      'workers-ws: openSockets is "error", but without the setup file this cannot fail the test file (Vitest ignores errors from an environment\'s teardown). Add setupFiles: ["vitest-environment-workers-ws/setup"] to the Vitest config.',
    );
  }, 60_000);

  it('are closed without a word with openSockets: "silent"', async () => {
    const run = await runFixture("leftover", { OPEN_SOCKETS: "silent" });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain("still open");
  }, 60_000);

  it("do not reach the next file with isolate: false (with the setup file)", async () => {
    const run = await runFixture("isolate-off");
    expect(run.output).toContain("file b starts with no socket from file a");
    expect(run.code).toBe(0);
    expect(run.output).toContain("2 WebSockets were still open");
  }, 60_000);
});

describe("bad environment options", () => {
  it("name an unknown option and list the valid ones", async () => {
    const run = await runFixture("bad-options", {
      WORKERS_WS_OPTIONS: JSON.stringify({ compatDate: "2024-01-01" }),
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      'Unknown workers-ws environment option "compatDate". Valid options: compatibilityDate, compatibilityFlags, strict, uncaughtErrors, openSockets, transcript, transcriptLimit, transcriptBytes, routes, network, wrangler, durableObjects, vars, page.',
    );
  }, 60_000);

  it("name a bad value", async () => {
    const run = await runFixture("bad-options", {
      WORKERS_WS_OPTIONS: JSON.stringify({ openSockets: "loud" }),
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      'workers-ws option openSockets must be one of "warn", "error", "silent"; got "loud".',
    );
  }, 60_000);

  it("name an unknown compatibility flag", async () => {
    const run = await runFixture("bad-options", {
      WORKERS_WS_OPTIONS: JSON.stringify({ compatibilityFlags: ["web_socket_auto_reply"] }),
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Unknown compatibility flag "web_socket_auto_reply".');
  }, 60_000);
});
