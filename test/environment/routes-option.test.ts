import { describe, expect, it } from "vitest";
import { parseEnvironmentOptions, WorkersWsOptionsError } from "vitest-environment-workers-ws";
import { runFixture } from "./run-fixture.js";

describe("the routes option", () => {
  it("routes fetch() and new WebSocket(url) to TypeScript Worker modules, imported through Vite", async () => {
    const run = await runFixture("routes");
    expect(run.output).toContain("6 passed");
    expect(run.code).toBe(0);
  }, 60_000);

  const invalid: [string, unknown, string | RegExp][] = [
    [
      "not an object",
      "./worker.ts",
      'workers-ws option routes must be an object mapping a host or URL prefix to a Worker module, e.g. { "chat.example": "./src/chat.ts" }; got "./worker.ts".',
    ],
    [
      "a value that is neither a path nor an object",
      { "chat.example": 42 },
      'workers-ws option routes["chat.example"] must be a Worker module path or { module, export?, env? }; got 42.',
    ],
    [
      "an unknown field",
      { "chat.example": { module: "./w.ts", bindings: {} } },
      'workers-ws option routes["chat.example"] has unknown field "bindings"; valid fields: module, export, env, serviceWorker.',
    ],
    [
      "serviceWorker that is not a boolean",
      { "chat.example": { module: "./w.ts", serviceWorker: "yes" } },
      'workers-ws option routes["chat.example"].serviceWorker must be true or false; got "yes".',
    ],
    [
      "an export with a service-worker script",
      { "chat.example": { module: "./w.ts", serviceWorker: true, export: "Api" } },
      'workers-ws option routes["chat.example"]: a service-worker script registers its listener instead of exporting a Worker, so "export" does not apply.',
    ],
    [
      "env that is not an object",
      { "chat.example": { module: "./w.ts", env: [] } },
      'workers-ws option routes["chat.example"].env must be an object of bindings; got [].',
    ],
    [
      "an absolute module path that does not exist",
      { "chat.example": "/no/such/worker.ts" },
      'workers-ws option routes["chat.example"]: the Worker module "/no/such/worker.ts" does not exist (looked for /no/such/worker.ts; relative paths start at the project root).',
    ],
  ];
  it.each(invalid)("names %s", (_label, routes, message) => {
    let error: unknown;
    try {
      parseEnvironmentOptions({ "workers-ws": { routes } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkersWsOptionsError);
    if (typeof message === "string") expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});
