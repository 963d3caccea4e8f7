// Runs scenario cases against the workers-ws emulation in Node.
//
// The scenarios use globals (WebSocketPair, Response, …), so each case runs with a fresh runtime
// installed on globalThis, and cases run one after another. Each configuration runs in its own worker
// thread: a thread has its own globalThis, so configurations can run side by side, and a runtime that
// fails to restore the globals cannot break the process that talks to workerd.

import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describeError } from "../harness/describe.js";
import { CASE_BUDGET_MS, runCase } from "../harness/run-case.js";
import { createIo, EMULATED_HOST, serveRequest } from "../harness/serve.js";
import { SERVICE_WORKER_PATH } from "./scenario-files.mjs";

/** Each case loads the service-worker script afresh (its own listeners and log), as a new URL. */
let serviceWorkerLoads = 0;
function loadServiceWorker() {
  const url = pathToFileURL(SERVICE_WORKER_PATH);
  url.searchParams.set("load", String(serviceWorkerLoads++));
  return import(url.href);
}

/** How long runtime.settle() may take after a case before the runner records it as hanging. */
const SETTLE_TIMEOUT_MS = 1000;
const THREAD_GRACE_MS = 10000;

/**
 * Captures what escapes to the host while a case runs: an uncaught exception or unhandled rejection
 * would crash a user's Vitest run, so it belongs in the trace (workerd never lets these escape).
 */
function captureHostErrors() {
  const errors = [];
  const onException = (error) => errors.push({ hostUncaughtException: describeError(error) });
  const onRejection = (reason) => errors.push({ hostUnhandledRejection: describeError(reason) });
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return {
    errors,
    stop() {
      process.off("uncaughtException", onException);
      process.off("unhandledRejection", onRejection);
    },
  };
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The case runtime's Durable Object namespaces, one per class, as workerd binds them: each under its
 * class name, and the env every instance gets holds all of them.
 */
function createNamespaces(createDurableObjectNamespace, classes) {
  const env = {};
  for (const { className, cls } of classes) {
    env[className] = createDurableObjectNamespace({
      className,
      bindingName: className,
      load: () => cls,
      env: () => env,
    });
  }
  return env;
}

/** Runs one case: fresh runtime → install → namespaces → run → settle → dispose → restore. */
async function runEmulatedCase(api, configuration, { id, scenario, usesDurableObjects }, classes) {
  const { createRuntime, routeWorker, serviceWorker } = api;
  let runtime;
  let restore;
  let objects = {};
  try {
    runtime = createRuntime({
      compatibilityDate: configuration.compatibilityDate,
      compatibilityFlags: configuration.compatibilityFlags,
    });
    restore = runtime.install(globalThis);
    // workerd reaches /serve through the SELF binding; here the routed fetch reaches the same code.
    routeWorker("self", { fetch: serveRequest });
    routeWorker(EMULATED_HOST, { fetch: serveRequest });
    // workerd reaches the service-worker syntax Worker through the SW binding.
    routeWorker("sw", serviceWorker(loadServiceWorker));
    if (usesDurableObjects) objects = createNamespaces(api.createDurableObjectNamespace, classes);
  } catch (error) {
    // A configuration workerd accepts but the emulation rejects is a difference like any other.
    const during = !runtime ? "createRuntime" : usesDurableObjects ? "install or namespaces" : "install";
    restore?.();
    return [{ runnerError: { during, ...describeError(error) } }];
  }
  const host = captureHostErrors();
  const trace = [];
  try {
    const routedFetch = (input, init) => globalThis.fetch(input, init);
    const io = createIo(routedFetch, EMULATED_HOST, routedFetch);
    trace.push(...(await runCase(scenario, { io, caseId: id, objects })));
    await withTimeout(
      runtime.settle(),
      SETTLE_TIMEOUT_MS,
      `runtime.settle() did not resolve within ${SETTLE_TIMEOUT_MS} ms`,
    );
  } catch (error) {
    trace.push({ runnerError: describeError(error) });
  } finally {
    try {
      runtime.dispose();
    } catch (error) {
      trace.push({ runnerError: { during: "dispose", ...describeError(error) } });
    }
    restore();
    // Let anything the teardown scheduled surface while the host listeners are still attached.
    await new Promise((resolve) => setImmediate(resolve));
    host.stop();
  }
  trace.push(...host.errors);
  return trace;
}

/**
 * Why the emulation cannot run Durable Object cases, or undefined when it can. workers-ws gains
 * createDurableObjectNamespace and DurableObject with issue 19; until then those cases are reported,
 * never skipped.
 */
export function durableObjectsMissing(api) {
  const missing = ["createDurableObjectNamespace", "DurableObject"].filter(
    (name) => typeof api[name] !== "function",
  );
  if (missing.length === 0) return undefined;
  return `workers-ws does not export ${missing.map((name) => `${name}()`).join(" or ")} (Durable Objects, issue 19)`;
}

/**
 * Runs `cases` ([{ id, scenario, usesDurableObjects }]) under one configuration in this thread's
 * globals. `loadDurableObjects(files, bases)` (scenario-files.mjs) gives the classes, built on
 * workers-ws' DurableObject; each gets a namespace in every Durable Object case.
 * Returns { traces, notAvailable } or, when the package cannot be loaded, { unavailable: message }.
 * `notAvailable` maps the id of a case the emulation cannot run to why ("emulation: not available:
 * <reason>" in the report).
 */
export async function runEmulationHere(configuration, cases, loadDurableObjects = async () => []) {
  let api;
  try {
    api = await import("workers-ws");
    if (typeof api.createRuntime !== "function")
      throw new TypeError("workers-ws does not export createRuntime()");
    if (typeof api.routeWorker !== "function")
      throw new TypeError("workers-ws does not export routeWorker()");
    if (typeof api.serviceWorker !== "function")
      throw new TypeError("workers-ws does not export serviceWorker()");
  } catch (error) {
    return { unavailable: `Cannot load the emulation (import "workers-ws"): ${error.message}` };
  }
  let missing = durableObjectsMissing(api);
  let classes = [];
  if (!missing && cases.some(({ usesDurableObjects }) => usesDurableObjects)) {
    try {
      classes = await loadDurableObjects(undefined, { DurableObject: api.DurableObject });
    } catch (error) {
      missing = `the scenario files' durableObjects could not be built on workers-ws' DurableObject: ${error.message}`;
    }
  }
  const traces = {};
  const notAvailable = {};
  for (const testCase of cases) {
    if (testCase.usesDurableObjects && missing) notAvailable[testCase.id] = missing;
    else traces[testCase.id] = await runEmulatedCase(api, configuration, testCase, classes);
  }
  return { traces, notAvailable };
}

/**
 * Runs the cases with these ids under one configuration in a new worker thread. Resolves with
 * { traces } or { unavailable } (see runEmulationHere); a crashed thread resolves as unavailable.
 */
export function runEmulationConfiguration(configuration, caseIds) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./emulation-thread.mjs", import.meta.url), {
      workerData: { configuration, caseIds },
      stdout: true,
      stderr: true,
    });
    let output = "";
    worker.stdout.on("data", (chunk) => (output += chunk));
    worker.stderr.on("data", (chunk) => (output += chunk));
    let settled = false;
    // A case that blocks the thread synchronously defeats the per-case budget; bound the whole thread.
    const limitMs = caseIds.length * (CASE_BUDGET_MS + SETTLE_TIMEOUT_MS) + THREAD_GRACE_MS;
    const watchdog = setTimeout(() => {
      if (!settled)
        resolve({ unavailable: `The emulation thread did not finish within ${limitMs} ms.\n${output}` });
      settled = true;
      worker.terminate();
    }, limitMs);
    worker.on("message", (result) => {
      settled = true;
      clearTimeout(watchdog);
      resolve(result);
    });
    worker.on("error", (error) => {
      if (!settled)
        resolve({ unavailable: `The emulation thread crashed: ${error.stack ?? error}\n${output}` });
      settled = true;
    });
    worker.on("exit", (code) => {
      clearTimeout(watchdog);
      if (!settled)
        resolve({
          unavailable: `The emulation thread exited with code ${code} before reporting.\n${output}`,
        });
    });
  });
}
