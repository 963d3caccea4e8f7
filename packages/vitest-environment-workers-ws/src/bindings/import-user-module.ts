/**
 * Imports a module of the user's project (a Worker's main, a Durable Object's module) through the
 * running Vitest's module runner, so TypeScript, `cloudflare:*` imports and module rules go through
 * Vite like the test file's own imports (as the routes option does; see route-modules.ts).
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { importRunningVitest } from "../running-vitest.js";

export class WorkersWsModuleError extends TypeError {
  override name = "WorkersWsModuleError";
}

/** The root relative paths start at: Vitest's root (known once tests run), else the cwd. */
export function vitestRoot(): string {
  const state = (globalThis as { __vitest_worker__?: { config?: { root?: unknown } } }).__vitest_worker__;
  const root = state?.config?.root;
  return typeof root === "string" ? root : process.cwd();
}

/** `what` names the module in errors ("the Worker's main module", "durableObjects.ROOM.module"). */
export async function importUserModule(path: string, what: string): Promise<Record<string, unknown>> {
  const absolute = isAbsolute(path) ? path : resolve(vitestRoot(), path);
  if (!existsSync(absolute)) {
    throw new WorkersWsModuleError(
      `workers-ws: ${what} ${JSON.stringify(path)} does not exist (looked for ${absolute}; relative paths start at the project root).`,
    );
  }
  const { vi } = await importRunningVitest();
  return vi.importActual<Record<string, unknown>>(absolute);
}

/** The named export of a module, or an error listing what the module exports. */
export function exportOf(module: Record<string, unknown>, name: string, what: string): unknown {
  const value = module[name];
  if (value === undefined) {
    throw new WorkersWsModuleError(
      `workers-ws: ${what} has no export ${JSON.stringify(name)} (its exports: ${Object.keys(module).join(", ") || "none"}).`,
    );
  }
  return value;
}
