// The main module of the worker that runs scenarios inside workerd. The runner copies this directory
// layout into a temporary directory and generates `scenario-table.js` next to this file (it imports
// every scenario file). One HTTP request runs one case, so every case starts from fresh request state.
//
//   GET /ready                      → 200 once the worker is up
//   GET /run?file=<id>&case=<name>  → the case's trace as JSON
//   *   /serve?id=<n>               → a case's own fetch handler (harness/serve.js), reached via SELF

import { runCase } from "./run-case.js";
import { durableObjectClassNames, scenarioTable } from "./scenario-table.js";
import { createIo, serveRequest } from "./serve.js";

// workerd finds a Durable Object class among the main module's exports (durable-object-classes.js is
// generated too: one `export const ClassName` per class of the scenario files' `durableObjects`).
export * from "./durable-object-classes.js";

function json(value, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}

export default {
  // Not async: a case's handler answers /serve exactly as it returns (a value, or a promise), so a
  // case can observe what workerd does with a handler that returns synchronously.
  fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/serve") return serveRequest(request);
    return route(url, env);
  },
};

/** /ready and /run. */
async function route(url, env) {
  if (url.pathname === "/ready") return new Response("ok");
  if (url.pathname === "/run") {
    const file = url.searchParams.get("file");
    const name = url.searchParams.get("case");
    const cases = Object.hasOwn(scenarioTable, file) ? scenarioTable[file] : {};
    const scenario = Object.hasOwn(cases, name) ? cases[name] : undefined;
    if (typeof scenario !== "function") return json({ error: `no case ${file}/${name}` }, 404);
    const io = createIo(
      (input, init) => env.SELF.fetch(input, init),
      url.host,
      (input, init) => env.SW.fetch(input, init),
    );
    // Each class is bound under its own name (the generated capnp config).
    const objects = Object.fromEntries(durableObjectClassNames.map((name) => [name, env[name]]));
    return json(await runCase(scenario, { io, caseId: `${file}/${name}`, objects }));
  }
  return json({ error: `no route ${url.pathname}` }, 404);
}
