// Runs scenario cases inside the real workerd: one workerd process per configuration, serving a worker
// built from the harness and every scenario file, on 127.0.0.1 only. Each case is one HTTP request.
//
// Nothing is cached: every call builds the worker in a fresh temporary directory, starts a fresh
// process and removes both afterwards. Cases run one after another so timing is undisturbed.

import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { CASE_BUDGET_MS } from "../harness/run-case.js";
import {
  HARNESS_DIR,
  listScenarioFiles,
  loadDurableObjects,
  SERVICE_WORKER_PATH,
} from "./scenario-files.mjs";

/** Where writeWorker puts the service-worker script (not a module of the main worker). */
const SERVICE_WORKER_MODULE = "service-worker.js";

const require = createRequire(import.meta.url);

/** Extra time on top of the in-worker case budget before the runner gives up on a request. */
const REQUEST_GRACE_MS = 5000;
const STARTUP_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 3000;
const START_ATTEMPTS = 3;

/** Every workerd process we started and have not seen exit yet. */
const liveChildren = new Set();

// If Node exits while a workerd is still running (an exception, Ctrl-C, a failed test run), kill it:
// a leftover process would keep the port and the temp directory.
process.on("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

/** Absolute path of the workerd binary shipped by the `workerd` npm package. */
export function workerdBinary() {
  return require("workerd").default ?? require("workerd");
}

/** The workerd version string, e.g. "workerd 2026-11-17". */
export async function workerdVersion() {
  const child = spawn(workerdBinary(), ["--version"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", resolve);
  });
  return out.trim();
}

/** A port that was free a moment ago. workerd binds it; a lost race is retried with another port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function capnpString(value) {
  return JSON.stringify(value);
}

/**
 * The workerd config: one worker made of ES modules, one HTTP socket on loopback. Each Durable Object
 * class (`classNames`) is a namespace of that worker with in-memory storage, bound under its own name.
 */
function capnpConfig({ modules, port, configuration, classNames }) {
  const moduleList = modules.map(
    (name) => `(name = ${capnpString(name)}, esModule = embed ${capnpString(name)})`,
  );
  const namespaces = classNames.map(
    (name) =>
      `(className = ${capnpString(name)}, uniqueKey = ${capnpString(`workers-ws-conformance-${name}`)})`,
  );
  const objectBindings = classNames.map(
    (name) => `(name = ${capnpString(name)}, durableObjectNamespace = ${capnpString(name)})`,
  );
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .conformanceWorker),
    # scenarios/37-service-worker.js: a service-worker syntax Worker, reached through SW.
    (name = "sw", worker = .serviceWorker),
    # harness/serve.js: new WebSocket(url) to the worker's own loopback socket.
    (name = "loopback", network = (allow = ["public", "local"])),
  ],
  sockets = [ (name = "http", address = ${capnpString(`127.0.0.1:${port}`)}, http = (), service = "main") ],
);

const conformanceWorker :Workerd.Worker = (
  modules = [
    ${moduleList.join(",\n    ")}
  ],
  compatibilityDate = ${capnpString(configuration.compatibilityDate)},
  compatibilityFlags = [${configuration.compatibilityFlags.map(capnpString).join(", ")}],
  # harness/serve.js: cases call the worker's own /serve route through this binding.
  bindings = [
    ${['(name = "SELF", service = "main")', '(name = "SW", service = "sw")', ...objectBindings].join(",\n    ")}
  ],
  # The scenario files' durableObjects (harness/durable-object-classes.js), state kept in memory.
  durableObjectNamespaces = [
    ${namespaces.join(",\n    ")}
  ],
  durableObjectStorage = (inMemory = void),
  globalOutbound = "loopback",
);

const serviceWorker :Workerd.Worker = (
  serviceWorkerScript = embed ${capnpString(SERVICE_WORKER_MODULE)},
  compatibilityDate = ${capnpString(configuration.compatibilityDate)},
  compatibilityFlags = [${configuration.compatibilityFlags.map(capnpString).join(", ")}],
);
`;
}

/**
 * Lays the worker out in `dir`, mirroring the repository layout so relative imports resolve the same:
 * harness/*.js, harness/scenario-table.js and harness/durable-object-classes.js (generated),
 * scenarios/*.js. `classes`: loadDurableObjects(files). Returns the module names, main module first.
 */
function writeWorker(dir, files, classes) {
  mkdirSync(path.join(dir, "harness"));
  mkdirSync(path.join(dir, "scenarios"));
  const harness = readdirSync(HARNESS_DIR).filter((name) => name.endsWith(".js"));
  for (const name of harness) copyFileSync(path.join(HARNESS_DIR, name), path.join(dir, "harness", name));

  const imports = files.map(({ file }, i) => `import { scenarios as s${i} } from "../scenarios/${file}.js";`);
  const table = files.map(({ file }, i) => `  ${JSON.stringify(file)}: s${i},`);
  const classNames = JSON.stringify(classes.map(({ className }) => className));
  writeFileSync(
    path.join(dir, "harness", "scenario-table.js"),
    `// Generated by runner-workerd.mjs for one run.\n${imports.join("\n")}\n\nexport const scenarioTable = {\n${table.join("\n")}\n};\n\nexport const durableObjectClassNames = ${classNames};\n`,
  );
  const classFiles = [...new Set(classes.map(({ file }) => file))];
  // A file's durableObjects may be a function of the base classes (scenario-files.mjs).
  const classImports = classFiles.map(
    (file, i) =>
      `import { durableObjects as f${i} } from "../scenarios/${file}.js";\nconst d${i} = typeof f${i} === "function" ? f${i}({ DurableObject }) : f${i};`,
  );
  const classExports = classes.map(
    ({ file, className }) => `export const ${className} = d${classFiles.indexOf(file)}.${className};`,
  );
  writeFileSync(
    path.join(dir, "harness", "durable-object-classes.js"),
    `// Generated by runner-workerd.mjs for one run.\nimport { DurableObject } from "cloudflare:workers";\n${classImports.join("\n")}\n\n${classExports.join("\n")}\nexport {};\n`,
  );
  for (const { file, path: source } of files) copyFileSync(source, path.join(dir, "scenarios", `${file}.js`));
  copyFileSync(SERVICE_WORKER_PATH, path.join(dir, SERVICE_WORKER_MODULE));

  const rest = harness.filter((name) => name !== "workerd-entry.js").map((name) => `harness/${name}`);
  return [
    "harness/workerd-entry.js",
    "harness/scenario-table.js",
    "harness/durable-object-classes.js",
    ...rest,
    ...files.map(({ file }) => `scenarios/${file}.js`),
  ];
}

/** Starts workerd on `dir/config.capnp`. Resolves once /ready answers; rejects if workerd exits first. */
async function startProcess(dir, port) {
  const child = spawn(workerdBinary(), ["serve", "config.capnp", "--experimental"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveChildren.add(child);
  const output = { text: "" };
  child.stdout.on("data", (chunk) => (output.text += chunk));
  child.stderr.on("data", (chunk) => (output.text += chunk));
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
    child.on("error", (error) => {
      liveChildren.delete(child);
      resolve({ error });
    });
  });

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let early = null;
  exited.then((result) => (early = result));
  while (Date.now() < deadline && early === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { child, exited, output };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await stopProcess({ child, exited });
  const why = early ? `workerd exited (${JSON.stringify(early)})` : "workerd did not become ready";
  throw Object.assign(new Error(`${why}:\n${output.text}`), { workerdOutput: output.text });
}

/** Stops the process we spawned, by its PID: SIGTERM, then SIGKILL if it does not exit in time. */
async function stopProcess({ child, exited }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function fetchTrace(port, { file, name }) {
  const url = new URL(`http://127.0.0.1:${port}/run`);
  url.searchParams.set("file", file);
  url.searchParams.set("case", name);
  const response = await fetch(url, { signal: AbortSignal.timeout(CASE_BUDGET_MS + REQUEST_GRACE_MS) });
  const body = await response.text();
  if (!response.ok) throw new Error(`workerd answered ${response.status}: ${body}`);
  return JSON.parse(body);
}

/**
 * Runs `cases` ([{ id, file, name }]) under one configuration in one workerd process. The worker bundles
 * `files` (default: every scenario file, see listScenarioFiles).
 * Returns { traces: { [caseId]: trace }, errors: { [caseId]: message }, output } where output is
 * everything workerd printed (for debugging; not compared).
 */
export async function runWorkerdConfiguration(configuration, cases, files = listScenarioFiles()) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "workers-ws-conformance-"));
  let server;
  try {
    const classes = await loadDurableObjects(files);
    const modules = writeWorker(dir, files, classes);
    const classNames = classes.map(({ className }) => className);
    for (let attempt = 1; !server; attempt++) {
      const port = await freePort();
      writeFileSync(
        path.join(dir, "config.capnp"),
        capnpConfig({ modules, port, configuration, classNames }),
      );
      try {
        server = { ...(await startProcess(dir, port)), port };
      } catch (error) {
        const portLost = /address already in use|EADDRINUSE/i.test(error.workerdOutput ?? "");
        if (!portLost || attempt >= START_ATTEMPTS) throw error;
      }
    }
    const traces = {};
    const errors = {};
    for (const testCase of cases) {
      try {
        traces[testCase.id] = await fetchTrace(server.port, testCase);
      } catch (error) {
        errors[testCase.id] = `${error.message}\n${server.output.text.slice(-2000)}`;
      }
    }
    return { traces, errors, output: server.output.text };
  } finally {
    if (server) await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
}
