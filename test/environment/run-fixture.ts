import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The fixtures run on the Vitest that runs this file: the one the working directory resolves, so the
// legs under test/legs (each run from its own directory) run them on their own Vitest 3 or 5. The
// CLI entry sits beside vitest's package.json (it is not in the package's exports map).
const require = createRequire(join(process.cwd(), "package.json"));
const vitestCli = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");

export interface FixtureRun {
  readonly code: number;
  readonly output: string;
}

/** Runs Vitest on one of test/environment-fixtures/<name> in a child process, as a user's CI would. */
export function runFixture(name: string, env: Record<string, string> = {}): Promise<FixtureRun> {
  const config = fileURLToPath(new URL(`../environment-fixtures/${name}/vitest.config.ts`, import.meta.url));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestCli, "run", "--config", config, "--reporter", "verbose", "--color=false"],
      { env: { ...process.env, ...env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === "number" ? code : 1, output: `${stdout}\n${stderr}` });
      },
    );
  });
}
