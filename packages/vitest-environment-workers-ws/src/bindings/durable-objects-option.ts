/**
 * The `durableObjects` environment option, for projects without a wrangler file:
 * `durableObjects: { ROOM: { module: "./src/room.ts", className: "ChatRoom" } }`. Module paths
 * follow the `routes` option: absolute, or relative to the Vitest project root, and the module is
 * imported through Vite on first use.
 */
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";

export interface DurableObjectModuleOption {
  /** The module that exports the class, relative to the project root (Vitest's root) or absolute. */
  module: string;
  /** The exported class name (also the name reports and ids use). */
  className: string;
  /**
   * SQLite-backed, as wrangler's `new_sqlite_classes` makes a class: ctx.storage.sql works
   * (Node.js 22.16+). Default false.
   */
  sql?: boolean;
}

export type DurableObjectsOption = Record<string, DurableObjectModuleOption>;

/** A Durable Object binding, from the option or a wrangler config: where its class comes from. */
export interface DurableObjectSource {
  readonly binding: string;
  readonly className: string;
  /** As given: absolute, or relative to Vitest's root. */
  readonly module: string;
  /** SQLite-backed (ctx.storage.sql works). */
  readonly sql: boolean;
}

const FIELDS = ["module", "className", "sql"] as const;

export function checkDurableObjectsOption(
  value: unknown,
  fail: (message: string) => Error,
): DurableObjectSource[] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail(
      `workers-ws option durableObjects must be an object mapping a binding name to { module, className }, e.g. { ROOM: { module: "./src/room.ts", className: "ChatRoom" } }; got ${show(value)}.`,
    );
  }
  return Object.entries(value as Record<string, unknown>).map(([binding, entry]) => {
    const where = `durableObjects.${binding}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw fail(`workers-ws option ${where} must be { module, className }; got ${show(entry)}.`);
    }
    const fields = entry as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => !(FIELDS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      throw fail(
        `workers-ws option ${where} has unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; valid fields: ${FIELDS.join(", ")}.`,
      );
    }
    if (typeof fields.module !== "string" || fields.module.length === 0) {
      throw fail(`workers-ws option ${where}.module must be a module path; got ${show(fields.module)}.`);
    }
    if (typeof fields.className !== "string" || fields.className.length === 0) {
      throw fail(
        `workers-ws option ${where}.className must be the name of the class the module exports; got ${show(fields.className)}.`,
      );
    }
    if (isAbsolute(fields.module) && !existsSync(fields.module)) {
      throw fail(`workers-ws option ${where}.module: ${JSON.stringify(fields.module)} does not exist.`);
    }
    if (fields.sql !== undefined && typeof fields.sql !== "boolean") {
      throw fail(`workers-ws option ${where}.sql must be true or false; got ${show(fields.sql)}.`);
    }
    return { binding, className: fields.className, module: fields.module, sql: fields.sql === true };
  });
}

export function checkVarsOption(value: unknown, fail: (message: string) => Error): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail(
      `workers-ws option vars must be an object mapping binding names to values, e.g. { GREETING: "hello" }; got ${show(value)}.`,
    );
  }
  return { ...(value as Record<string, unknown>) };
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
