/**
 * The `wrangler` environment option: reads what workers-ws uses from a project's wrangler.jsonc,
 * wrangler.json or wrangler.toml (`main`, `compatibility_date`, `compatibility_flags`, `vars`,
 * `durable_objects.bindings`, `rules`, the hosts of `route`/`routes`, and which classes `migrations`
 * makes SQLite-backed) and checks each key it reads. Keys it does not read (name, KV or R2 bindings,
 * observability, …) are left alone: a real config carries many. Of `migrations`, only the storage
 * kind of each class is used: an in-memory namespace starts empty in every test file, so there is
 * no stored data to migrate.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { showConfigValue, WranglerConfigError } from "./config-error.js";
import { checkModuleRules, type ModuleRule } from "./module-rules.js";
import { parseConfigFile } from "./parse-file.js";
import { readWorkerHosts } from "./worker-hosts.js";

/** A Durable Object binding of the config: `env[binding]` is a namespace of `className`. */
export interface DurableObjectBindingConfig {
  readonly binding: string;
  readonly className: string;
  /** The class is listed in a migration's `new_sqlite_classes` (ctx.storage.sql works). */
  readonly sql: boolean;
}

export interface WranglerProject {
  /** The config file, absolute. */
  readonly file: string;
  /** The Worker's name, when the config gives one. */
  readonly name: string | undefined;
  /** The Worker's entry module, absolute (relative paths start at the config file's directory). */
  readonly main: string | undefined;
  readonly compatibilityDate: string | undefined;
  readonly compatibilityFlags: readonly string[] | undefined;
  /** Plain bindings, as the config gives them (strings or JSON values). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Durable Object classes of this Worker (exported by `main`). */
  readonly durableObjects: readonly DurableObjectBindingConfig[];
  /** The config's module rules, then wrangler's defaults (see module-rules.ts). */
  readonly rules: readonly ModuleRule[];
  /** The directory rule globs are relative to: `base_dir`, else the directory of `main`. */
  readonly baseDir: string;
  /** The hosts of `route`/`routes` (worker-hosts.ts): routed to `main` in memory for pages and fetch(). */
  readonly hosts: readonly string[];
  /** Route patterns scoped to a path ("chat.example/api/*"): not routed (worker-hosts.ts). */
  readonly pathScopedRoutes: readonly string[];
}

/** Reads and checks the config at `path` (absolute, or relative to `root`). */
export function readWranglerConfig(path: string, root: string): WranglerProject {
  const file = isAbsolute(path) ? path : resolve(root, path);
  const config = parseConfigFile(file);
  const directory = dirname(file);
  const fail = (key: string, message: string) => new WranglerConfigError(file, key, message);

  const name = optionalString(config, "name", fail);
  const mainPath = optionalString(config, "main", fail);
  const main = mainPath === undefined ? undefined : resolve(directory, mainPath);
  const compatibilityDate = optionalString(config, "compatibility_date", fail);
  const compatibilityFlags = optionalStringList(config, "compatibility_flags", fail);
  const vars = readVars(config.vars, fail);
  const sqliteClasses = readSqliteClasses(config.migrations, fail);
  const durableObjects = readDurableObjects(config.durable_objects, name, fail).map((entry) => ({
    ...entry,
    sql: sqliteClasses.has(entry.className),
  }));
  if (durableObjects.length > 0 && main === undefined) {
    throw fail(
      "main",
      "durable_objects.bindings name classes the Worker's entry module exports, so the config needs main (the path of that module).",
    );
  }
  const baseDirPath = optionalString(config, "base_dir", fail);
  const baseDir =
    baseDirPath !== undefined
      ? resolve(directory, baseDirPath)
      : main !== undefined
        ? dirname(main)
        : directory;
  const rules = checkModuleRules(config.rules, fail);
  const { hosts, pathScoped: pathScopedRoutes } = readWorkerHosts(config, fail);
  if (hosts.length > 0 && main === undefined) {
    throw fail(
      "main",
      "routes name the hosts of the Worker's entry module, so the config needs main (the path of that module).",
    );
  }
  return {
    file,
    name,
    main,
    compatibilityDate,
    compatibilityFlags,
    vars,
    durableObjects,
    rules,
    baseDir,
    hosts,
    pathScopedRoutes,
  };
}

type Fail = (key: string, message: string) => WranglerConfigError;

function optionalString(config: Record<string, unknown>, key: string, fail: Fail): string | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    throw fail(key, `must be a non-empty string; got ${showConfigValue(value)}.`);
  }
  return value;
}

function optionalStringList(config: Record<string, unknown>, key: string, fail: Fail): string[] | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
    throw fail(key, `must be a list of flag names (strings); got ${showConfigValue(value)}.`);
  }
  return value as string[];
}

function readVars(value: unknown, fail: Fail): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail("vars", `must be an object mapping binding names to values; got ${showConfigValue(value)}.`);
  }
  return { ...(value as Record<string, unknown>) };
}

/**
 * The classes the migrations make SQLite-backed, in order: `new_sqlite_classes` adds a class,
 * `renamed_classes` carries the kind to the new name, `deleted_classes` drops it (as Cloudflare
 * applies them, one migration after another).
 */
function readSqliteClasses(value: unknown, fail: Fail): Set<string> {
  const sqlite = new Set<string>();
  if (value === undefined) return sqlite;
  if (!Array.isArray(value)) {
    throw fail(
      "migrations",
      `must be a list of { tag, new_classes?, new_sqlite_classes?, … } entries; got ${showConfigValue(value)}.`,
    );
  }
  value.forEach((migration: unknown, index) => {
    const key = `migrations[${index}]`;
    if (typeof migration !== "object" || migration === null || Array.isArray(migration)) {
      throw fail(
        key,
        `must be an object { tag, new_sqlite_classes?, … }; got ${showConfigValue(migration)}.`,
      );
    }
    const fields = migration as Record<string, unknown>;
    const names = (field: string): string[] => {
      const list = fields[field];
      if (list === undefined) return [];
      if (!Array.isArray(list) || list.some((entry) => typeof entry !== "string")) {
        throw fail(
          `${key}.${field}`,
          `must be a list of class names (strings); got ${showConfigValue(list)}.`,
        );
      }
      return list as string[];
    };
    for (const className of names("new_sqlite_classes")) sqlite.add(className);
    const renamed = fields.renamed_classes;
    if (renamed !== undefined) {
      if (!Array.isArray(renamed)) {
        throw fail(
          `${key}.renamed_classes`,
          `must be a list of { from, to } entries; got ${showConfigValue(renamed)}.`,
        );
      }
      renamed.forEach((entry: unknown, i) => {
        const { from, to } = (entry ?? {}) as { from?: unknown; to?: unknown };
        if (typeof from !== "string" || typeof to !== "string") {
          throw fail(
            `${key}.renamed_classes[${i}]`,
            `must be { from, to } with two class names; got ${showConfigValue(entry)}.`,
          );
        }
        if (sqlite.delete(from)) sqlite.add(to);
      });
    }
    for (const className of names("deleted_classes")) sqlite.delete(className);
  });
  return sqlite;
}

function readDurableObjects(
  value: unknown,
  workerName: string | undefined,
  fail: Fail,
): Omit<DurableObjectBindingConfig, "sql">[] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail("durable_objects", `must be an object with a bindings list; got ${showConfigValue(value)}.`);
  }
  const bindings = (value as Record<string, unknown>).bindings;
  if (bindings === undefined) return [];
  if (!Array.isArray(bindings)) {
    throw fail(
      "durable_objects.bindings",
      `must be a list of { name, class_name } entries; got ${showConfigValue(bindings)}.`,
    );
  }
  const seen = new Set<string>();
  return bindings.map((entry: unknown, index) => {
    const key = `durable_objects.bindings[${index}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw fail(key, `must be an object { name, class_name }; got ${showConfigValue(entry)}.`);
    }
    const fields = entry as Record<string, unknown>;
    const binding = fields.name;
    const className = fields.class_name;
    if (typeof binding !== "string" || binding.length === 0) {
      throw fail(
        `${key}.name`,
        `must be the binding name (a non-empty string); got ${showConfigValue(binding)}.`,
      );
    }
    if (typeof className !== "string" || className.length === 0) {
      throw fail(
        `${key}.class_name`,
        `must be the name of a class exported by main (a non-empty string); got ${showConfigValue(className)}.`,
      );
    }
    if (seen.has(binding))
      throw fail(`${key}.name`, `the binding ${JSON.stringify(binding)} is declared twice.`);
    seen.add(binding);
    const scriptName = fields.script_name;
    if (scriptName !== undefined && scriptName !== workerName) {
      throw fail(
        `${key}.script_name`,
        `${showConfigValue(scriptName)} is another Worker's Durable Object; workers-ws runs the classes of this Worker only (its main module). Remove script_name, or test that Worker with its own config.`,
      );
    }
    if (fields.environment !== undefined) {
      throw fail(
        `${key}.environment`,
        "a Durable Object of another environment's Worker is not supported; workers-ws runs the classes of this Worker only.",
      );
    }
    return { binding, className };
  });
}
