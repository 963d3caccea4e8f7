import { describe, expect, it } from "vitest";
import { runFixture } from "./run-fixture.js";

// test/environment-fixtures/uncaught: a message listener throws ReferenceError "event is not
// defined" (the bug of a docs snippet), between two quiet tests.
const line = "workers-ws: Uncaught ReferenceError: event is not defined";
const failure =
  'UncaughtWorkerError: Worker code left an exception uncaught: ReferenceError: event is not defined. workerd only logs it; this test fails because uncaughtErrors is "fail".';

describe("exceptions Worker code leaves uncaught", () => {
  it('are logged as workerd logs them, and the test passes (default "log")', async () => {
    const run = await runFixture("uncaught");
    expect(run.output).toContain(line);
    expect(run.output).not.toContain("UncaughtWorkerError");
    expect(run.code).toBe(0);
  }, 60_000);

  it('fail the test that caused them with uncaughtErrors: "fail" and the setup file', async () => {
    const run = await runFixture("uncaught", { UNCAUGHT: "fail", WITH_SETUP: "1" });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(failure);
    expect(run.output).toMatch(/× listener-throws\.test\.ts > a Worker whose message listener has a bug/);
    expect(run.output).toContain("✓ listener-throws.test.ts > a quiet test before");
    expect(run.output).toContain("✓ listener-throws.test.ts > a quiet test after");
    // The stack points at the listener, not at the runtime.
    expect(run.output).toMatch(/listener-throws\.test\.ts:14:\d+/);
  }, 60_000);

  it("fail under strict: true, which turns the option on", async () => {
    const run = await runFixture("uncaught", { STRICT: "1", WITH_SETUP: "1" });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(failure);
  }, 60_000);

  it("fail the run as an unhandled error without the setup file", async () => {
    const run = await runFixture("uncaught", { UNCAUGHT: "fail" });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(failure);
    expect(run.output).toMatch(/Unhandled Error/i);
  }, 60_000);

  it('stay logged under strict: true when the option says "log"', async () => {
    const run = await runFixture("uncaught", { STRICT: "1", UNCAUGHT: "log", WITH_SETUP: "1" });
    expect(run.output).toContain(line);
    expect(run.code).toBe(0);
  }, 60_000);
});
