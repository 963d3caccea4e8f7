/**
 * Per-file cost of the Vitest environment: the same generated suite (F files × T tests, each test a
 * small WebSocket exchange through the package's public API) run by Vitest's CLI under
 * `environment: "workers-ws"` and under `environment: "node"`, alternately, several times each;
 * the figure is the ratio of the median wall times (process start to exit).
 *
 * The suite is written under bench/.generated/suite (gitignored, removed afterwards) so that Node's
 * resolution from there finds the workspace packages in the repository's node_modules; the config
 * uses resolve.preserveSymlinks as a user's project would see installed packages.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { median } from "../lib/stats.mjs";

const require = createRequire(import.meta.url);
const ENVIRONMENTS = ["node", "workers-ws"];

const TESTS = [
  (file, test) => `
  it("echoes a text message (${file}.${test})", async () => {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (event) => server.send(\`echo:\${event.data}\`));
    client.accept();
    const reply = new Promise((resolve) => client.addEventListener("message", (e) => resolve(e.data)));
    client.send("hello ${file}.${test}");
    expect(await reply).toBe("echo:hello ${file}.${test}");
    client.close(1000, "done");
    await settle();
    expect(client.readyState).toBe(WebSocket.CLOSED);
  });`,
  (file, test) => `
  it("completes the close handshake (${file}.${test})", async () => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    server.accept();
    const closed = new Promise((resolve) => server.addEventListener("close", (e) => resolve(e.code)));
    client.close(4000 + ${test}, "bye");
    expect(await closed).toBe(4000 + ${test});
    await settle();
    expect([client.readyState, server.readyState]).toEqual([WebSocket.CLOSED, WebSocket.CLOSED]);
  });`,
  (file, test) => `
  it("delivers binary data as a copy (${file}.${test})", async () => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    server.accept();
    server.binaryType = "arraybuffer";
    const bytes = new Uint8Array([${file}, ${test}, 1, 2, 3]);
    const got = new Promise((resolve) => server.addEventListener("message", (e) => resolve(e.data)));
    client.send(bytes);
    bytes[0] = 255;
    expect([...new Uint8Array(await got)]).toEqual([${file}, ${test}, 1, 2, 3]);
    client.close();
    await settle();
  });`,
  (file, test) => `
  it("queues messages sent before accept (${file}.${test})", async () => {
    const [client, server] = Object.values(new WebSocketPair());
    client.accept();
    for (let i = 0; i < 10; i++) client.send(String(i));
    const seen = [];
    server.addEventListener("message", (e) => seen.push(e.data));
    server.accept();
    await settle();
    expect(seen).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    server.close(1000);
    await settle();
  });`,
  (file, test) => `
  it("refuses send() before accept() (${file}.${test})", async () => {
    const [client, server] = Object.values(new WebSocketPair());
    expect(() => client.send("too early")).toThrow(TypeError);
    client.accept();
    server.accept();
    client.close(1000);
    await settle();
    expect(server.readyState).toBe(WebSocket.CLOSED);
  });`,
];

function testFile(fileIndex, testsPerFile) {
  const tests = [];
  for (let t = 0; t < testsPerFile; t++) tests.push(TESTS[t % TESTS.length](fileIndex, t));
  return `import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketPair, settle } from "workers-ws";

describe("generated file ${fileIndex}", () => {${tests.join("\n")}
});
`;
}

/** Writes the suite and its config; returns the config path. */
function generate(dir, files, testsPerFile) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "tests"), { recursive: true });
  for (let f = 0; f < files; f++) {
    writeFileSync(
      join(dir, "tests", `file-${String(f).padStart(2, "0")}.test.ts`),
      testFile(f, testsPerFile),
    );
  }
  const config = join(dir, "vitest.config.mjs");
  writeFileSync(
    config,
    `import { defineConfig } from "vitest/config";

export default defineConfig({
  root: ${JSON.stringify(dir)},
  cacheDir: ${JSON.stringify(join(dir, ".vite"))},
  resolve: { preserveSymlinks: true },
  test: {
    include: ["tests/**/*.test.ts"],
  },
});
`,
  );
  return config;
}

function vitestCli() {
  return join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
}

/** Parses "Duration  2.31s (transform 51ms, setup 0ms, import 1.10s, tests 80ms, environment 5ms)". */
function parseDuration(output) {
  const match = /Duration\s+([\d.]+)(ms|s)\s+\(([^)]*)\)/.exec(output);
  if (!match) return undefined;
  const toMs = (value, unit) => Number(value) * (unit === "s" ? 1000 : 1);
  const phases = {};
  for (const part of match[3].split(",")) {
    const phase = /^\s*(\w+)\s+([\d.]+)(ms|s)\s*$/.exec(part);
    if (phase) phases[phase[1]] = toMs(phase[2], phase[3]);
  }
  return { totalMs: toMs(match[1], match[2]), phases };
}

function runVitest(config, environment, expectedTests) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [vitestCli(), "run", "--config", config, "--environment", environment, "--reporter", "default"],
      {
        cwd: dirname(config),
        env: { ...process.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const passed = new RegExp(`Tests\\s+${expectedTests} passed \\(${expectedTests}\\)`).test(output);
      if (code !== 0 || !passed) {
        reject(
          new Error(
            `vitest (${environment}) exited ${code}; expected ${expectedTests} passing tests:\n${output}`,
          ),
        );
        return;
      }
      resolve({ wallMs, vitest: parseDuration(output) });
    });
  });
}

export async function runSuite(config, { repoRoot, log, keepGenerated = false }) {
  const { files, testsPerFile, warmupRunsPerEnvironment, runsPerEnvironment } = config.suite;
  // Only the suite's own folder is removed afterwards: bench/.generated also holds quick reports and profiles.
  const dir = join(repoRoot, "bench", ".generated", "suite");
  const vitestConfig = generate(dir, files, testsPerFile);
  const expected = files * testsPerFile;
  const runs = Object.fromEntries(ENVIRONMENTS.map((env) => [env, []]));
  try {
    for (let i = 0; i < warmupRunsPerEnvironment; i++) {
      for (const env of ENVIRONMENTS) await runVitest(vitestConfig, env, expected);
    }
    for (let i = 0; i < runsPerEnvironment; i++) {
      // Alternate which environment goes first, so a slow drift of the machine affects both alike.
      const order = i % 2 === 0 ? ENVIRONMENTS : [...ENVIRONMENTS].reverse();
      for (const env of order) {
        const run = await runVitest(vitestConfig, env, expected);
        runs[env].push(run);
        log(
          `  suite ${env.padEnd(10)} run ${i + 1}/${runsPerEnvironment}: ${(run.wallMs / 1000).toFixed(2)} s`,
        );
      }
    }
  } finally {
    if (!keepGenerated) rmSync(dir, { recursive: true, force: true });
  }
  const summary = (env) => {
    const wall = runs[env].map((r) => r.wallMs);
    const phases = {};
    for (const run of runs[env]) {
      for (const [phase, ms] of Object.entries(run.vitest?.phases ?? {})) {
        if (!phases[phase]) phases[phase] = [];
        phases[phase].push(ms);
      }
    }
    return {
      medianWallMs: median(wall),
      wallMs: wall,
      vitestPhasesMedianMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])),
    };
  };
  const node = summary("node");
  const workersWs = summary("workers-ws");
  return {
    unit: "s",
    files,
    testsPerFile,
    environments: { node, "workers-ws": workersWs },
    ratio: workersWs.medianWallMs / node.medianWallMs,
    extraMsPerFile: (workersWs.medianWallMs - node.medianWallMs) / files,
  };
}
