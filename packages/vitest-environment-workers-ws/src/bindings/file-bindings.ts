/**
 * Builds a test file's bindings at setup: `env` holds the vars and one Durable Object namespace per
 * binding, and `SELF` reaches the Worker's main module with that env. Everything here belongs to
 * the file: the next file builds its own, so objects and their storage start empty in each file.
 */
import type { FileBindings } from "./current-bindings.js";
import { durableObjectNamespaces } from "./durable-object-bindings.js";
import type { DurableObjectSource } from "./durable-objects-option.js";
import { SelfFetcher } from "./self-fetcher.js";

export interface FileBindingsConfig {
  /** The Worker's main module (absolute, or relative to the project root), for SELF. */
  readonly main: string | undefined;
  /** Where main was configured, for errors ("the main module of /p/wrangler.jsonc"). */
  readonly mainLabel: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly durableObjects: readonly DurableObjectSource[];
}

export function createFileBindings(config: FileBindingsConfig): FileBindings {
  const env: Record<string, unknown> = { ...config.vars };
  // Created now, with the file's runtime active: objects and storage last for this file only.
  Object.assign(
    env,
    durableObjectNamespaces(config.durableObjects, () => env),
  );
  const self = new SelfFetcher(config.main, config.mainLabel, () => env);
  return { env, self };
}
