/**
 * A user's types (issue 18): a Worker typed with @cloudflare/workers-types (test/types/workers-types)
 * and one written against a generated worker-configuration.d.ts (test/types/worker-configuration),
 * tested with this package's helpers, compile without skipLibCheck. workers-types and @types/node
 * (which Vitest's own types need) declare the same web globals and conflict with each other, as
 * Cloudflare documents; those errors are theirs. Every other file must compile clean: the user's,
 * and this package's declaration files.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");

/** The files tsc reports errors in, except the two type libraries that conflict with each other. */
function errorsOutsideTheConflict(project: string): string[] {
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, project, "tsconfig.json")], {
    cwd: root,
    encoding: "utf8",
  });
  return `${run.stdout}${run.stderr}`
    .split("\n")
    .filter((line) => /^\S.*\(\d+,\d+\): error TS/.test(line))
    .filter(
      (line) =>
        !/^node_modules\/(@cloudflare\/workers-types|@types\/node|vitest\/node_modules\/tinybench)\//.test(
          line,
        ),
    );
}

describe.each([
  "test/types/workers-types",
  "test/types/worker-configuration",
  // A pool-workers style Durable Object test: cloudflare:test typed here, the objects by workers-types.
  "test/types/workers-types-durable-objects",
])("%s", (project) => {
  it("compiles: the Worker, its test, and this package's types", () => {
    expect(errorsOutsideTheConflict(project)).toEqual([]);
  }, 60_000);
});
