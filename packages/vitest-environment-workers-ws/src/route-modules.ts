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
import { routeWorkerModule, serviceWorker, type WorkerLike } from "workers-ws";
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
      /**
       * The module is a service-worker syntax script (`addEventListener("fetch", …)` when it is
       * evaluated) rather than one that exports a Worker; see serviceWorker().
       */
      serviceWorker?: boolean;
    };

export type RoutesOption = Record<string, RouteModuleOption>;

interface CheckedRoute {
  readonly pattern: string;
  /** As given: absolute, or relative to Vitest's root. */
  readonly path: string;
  readonly exportName: string;
  readonly env: Record<string, unknown> | undefined;
  readonly serviceWorker: boolean;
}

const ROUTE_FIELDS = ["module", "export", "env", "serviceWorker"] as const;

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
    let isServiceWorker: unknown = false;
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
      isServiceWorker = fields.serviceWorker ?? false;
      if (typeof isServiceWorker !== "boolean") {
        throw fail(
          `workers-ws option ${where}.serviceWorker must be true or false; got ${JSON.stringify(isServiceWorker)}.`,
        );
      }
      if (isServiceWorker && fields.export !== undefined) {
        throw fail(
          `workers-ws option ${where}: a service-worker script registers its listener instead of exporting a Worker, so "export" does not apply.`,
        );
      }
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
    checked.push({
      pattern,
      path: modulePath,
      exportName,
      env: env as Record<string, unknown> | undefined,
      serviceWorker: isServiceWorker as boolean,
    });
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
      const load = route.serviceWorker
        ? // Evaluated on the first request, inside serviceWorker()'s capture of addEventListener.
          async () => serviceWorker(() => importModule(route))
        : () => importWorker(route);
      routeWorkerModule(route.pattern, load, { env: route.env });
    } catch (error) {
      throw fail(`workers-ws option routes: ${(error as Error).message}`);
    }
  }
}

function missingModule(where: string, given: string, lookedFor: string): string {
  return `workers-ws option ${where}: the Worker module ${JSON.stringify(given)} does not exist (looked for ${lookedFor}; relative paths start at the project root).`;
}

/** Imports the route's module through the running Vitest (Vite's transform). */
async function importModule(route: CheckedRoute): Promise<{ path: string; module: Record<string, unknown> }> {
  const path = isAbsolute(route.path) ? route.path : resolve(projectRoot(), route.path);
  if (!existsSync(path)) {
    throw new WorkersWsRouteError(
      missingModule(`routes[${JSON.stringify(route.pattern)}]`, route.path, path),
    );
  }
  const { vi } = await importRunningVitest();
  return { path, module: await vi.importActual<Record<string, unknown>>(path) };
}

async function importWorker(route: CheckedRoute): Promise<WorkerLike> {
  const { path, module } = await importModule(route);
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
