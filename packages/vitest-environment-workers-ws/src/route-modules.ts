/**
 * The `routes` environment option: Workers given as module paths, routed in memory for the test
 * file (`routes: { "chat.example": "./fixtures/chat/worker.ts" }`).
 *
 * The environment's setup() runs outside Vite's module runner, where a TypeScript module cannot be
 * imported, and before Vitest tells the worker its root. So the option's shape and patterns are
 * checked at setup, and each Worker is imported on the first request that reaches it, from inside
 * the test run, through the running Vitest's `vi.importActual()`: the module and its imports go
 * through Vite's transform like the test file's own imports (works on Vitest 3.2, 4 and 5).
 * A relative path is resolved then, against Vitest's root, and a missing file is named then.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { routeWorkerModule, type WorkerLike } from "workers-ws";
import { importRunningVitest } from "./running-vitest.js";

/** One Worker of the `routes` option: a module path, or the path with the export and bindings. */
export type RouteModuleOption =
  | string
  | {
      /** The Worker's module, relative to the project root (Vitest's root) or absolute. */
      module: string;
      /** Which export is the Worker (default: "default"). */
      export?: string;
      /** The bindings its handler receives as `env`. */
      env?: Record<string, unknown>;
    };

export type RoutesOption = Record<string, RouteModuleOption>;

interface CheckedRoute {
  readonly pattern: string;
  /** As given: absolute, or relative to Vitest's root. */
  readonly path: string;
  readonly exportName: string;
  readonly env: Record<string, unknown> | undefined;
}

const ROUTE_FIELDS = ["module", "export", "env"] as const;

/**
 * Checks the option and returns the routes to register, or throws `fail(message)` naming the key
 * or value at fault. An absolute path must exist now; a relative one is checked on first use.
 */
export function checkRoutesOption(value: unknown, fail: (message: string) => Error): CheckedRoute[] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail(
      `workers-ws option routes must be an object mapping a host or URL prefix to a Worker module, e.g. { "chat.example": "./src/chat.ts" }; got ${JSON.stringify(value)}.`,
    );
  }
  const checked: CheckedRoute[] = [];
  for (const [pattern, entry] of Object.entries(value as Record<string, unknown>)) {
    const where = `routes[${JSON.stringify(pattern)}]`;
    let modulePath: unknown = entry;
    let exportName: unknown = "default";
    let env: unknown;
    if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
      const fields = entry as Record<string, unknown>;
      const unknown = Object.keys(fields).filter((key) => !(ROUTE_FIELDS as readonly string[]).includes(key));
      if (unknown.length > 0) {
        throw fail(
          `workers-ws option ${where} has unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; valid fields: ${ROUTE_FIELDS.join(", ")}.`,
        );
      }
      modulePath = fields.module;
      exportName = fields.export ?? "default";
      env = fields.env;
    } else if (typeof entry !== "string") {
      throw fail(
        `workers-ws option ${where} must be a Worker module path or { module, export?, env? }; got ${JSON.stringify(entry) ?? String(entry)}.`,
      );
    }
    if (typeof modulePath !== "string" || modulePath.length === 0) {
      throw fail(
        `workers-ws option ${where}.module must be a module path; got ${JSON.stringify(modulePath)}.`,
      );
    }
    if (typeof exportName !== "string" || exportName.length === 0) {
      throw fail(
        `workers-ws option ${where}.export must be an export name; got ${JSON.stringify(exportName)}.`,
      );
    }
    if (env !== undefined && (typeof env !== "object" || env === null || Array.isArray(env))) {
      throw fail(`workers-ws option ${where}.env must be an object of bindings; got ${JSON.stringify(env)}.`);
    }
    if (isAbsolute(modulePath) && !existsSync(modulePath))
      throw fail(missingModule(where, modulePath, modulePath));
    checked.push({ pattern, path: modulePath, exportName, env: env as Record<string, unknown> | undefined });
  }
  return checked;
}

/**
 * Routes each Worker in the runtime that is active now; each is imported on its first request.
 * A bad pattern throws `fail(message)` here, at setup.
 */
export function registerRouteModules(routes: CheckedRoute[], fail: (message: string) => Error): void {
  for (const route of routes) {
    try {
      routeWorkerModule(route.pattern, () => importWorker(route), { env: route.env });
    } catch (error) {
      throw fail(`workers-ws option routes: ${(error as Error).message}`);
    }
  }
}

function missingModule(where: string, given: string, lookedFor: string): string {
  return `workers-ws option ${where}: the Worker module ${JSON.stringify(given)} does not exist (looked for ${lookedFor}; relative paths start at the project root).`;
}

async function importWorker(route: CheckedRoute): Promise<WorkerLike> {
  const path = isAbsolute(route.path) ? route.path : resolve(projectRoot(), route.path);
  if (!existsSync(path)) {
    throw new WorkersWsRouteError(
      missingModule(`routes[${JSON.stringify(route.pattern)}]`, route.path, path),
    );
  }
  const { vi } = await importRunningVitest();
  const module = await vi.importActual<Record<string, unknown>>(path);
  const worker = module[route.exportName];
  if (worker === undefined) {
    throw new WorkersWsRouteError(
      `workers-ws: the Worker module ${path} routed under ${JSON.stringify(route.pattern)} has no export ${JSON.stringify(route.exportName)} (its exports: ${Object.keys(module).join(", ") || "none"}).`,
    );
  }
  return worker as WorkerLike;
}

/** A Worker module of the routes option that cannot be loaded. */
export class WorkersWsRouteError extends TypeError {
  override name = "WorkersWsRouteError";
}

/** The root relative route paths start at: Vitest's root (known once tests run), else the cwd. */
function projectRoot(): string {
  const state = (globalThis as { __vitest_worker__?: { config?: { root?: unknown } } }).__vitest_worker__;
  const root = state?.config?.root;
  return typeof root === "string" ? root : process.cwd();
}
