import { beforeAll, describe, expect, it } from "vitest";
import { type FixtureRun, runFixture } from "./run-fixture.js";

/** The output block Vitest prints a console line under: "stderr | <file> > <test>". */
function blockHeading(output: string, line: string): string | undefined {
  const at = output.indexOf(line);
  if (at < 0) return undefined;
  const before = output.slice(0, at).split("\n");
  return before.reverse().find((l) => /^(stdout|stderr) \| /.test(l));
}

// test/environment-fixtures/teardown: file a leaves 4 sockets (one pair with 100 messages in flight
// and listeners, one never accepted), a setInterval and a setTimeout; file b checks that none of it
// is still alive; file a also leaves a server from serve() listening; file c has listeners that throw.
describe.each([
  ["on", "1"],
  ["off", "0"],
])("a file that leaves everything open, isolate %s", (_label, isolate) => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runFixture("teardown", { ISOLATE: isolate });
  }, 60_000);

  it("is cleaned up: sockets closed, timers cleared, the next file starts clean", () => {
    expect(run.output).toContain("✓ b-starts-clean.test.ts > file b starts clean");
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      "workers-ws: 4 WebSockets were still open when the test file ended; closed now.",
    );
    const timers =
      "workers-ws: 2 timers were still pending when the test file ended (setInterval 1, setTimeout 1); cleared now.";
    expect(run.output).toContain(timers);
    expect(blockHeading(run.output, timers)).toMatch(/a-leaves-everything\.test\.ts/);
    // Only the timers of file a: Vitest's own (console flushing, test timeouts) are left alone.
    expect(run.output.match(/timers? (was|were) still pending/g)).toHaveLength(1);
    const server = run.output.match(
      /workers-ws: 1 server from serve\(\) was still listening when the test file ended \(http:\/\/127\.0\.0\.1:\d+\); closed now/,
    );
    expect(server).not.toBeNull();
    expect(blockHeading(run.output, server?.[0] ?? "")).toMatch(/a-leaves-everything\.test\.ts/);
    if (isolate === "0")
      expect(run.output).toContain("✓ b-starts-clean.test.ts > file a's server no longer answers");
  });

  it("reports a message listener's exception under the test that caused it", () => {
    const line = "workers-ws: Uncaught Error: boom from a message listener";
    expect(run.output).toContain(line);
    expect(blockHeading(run.output, line)).toMatch(
      /c-listener-error\.test\.ts > a message listener that throws/,
    );
  });

  it("reports a close listener's exception under the test that caused it", () => {
    const line = "workers-ws: Uncaught Error: boom from a close listener";
    expect(run.output).toContain(line);
    expect(blockHeading(run.output, line)).toMatch(
      /c-listener-error\.test\.ts > a close listener that throws/,
    );
    expect(run.output).toContain("✓ c-listener-error.test.ts > a quiet test after the throwing ones");
  });
});
