/**
 * `workersWs()`: the Vite plugin (one line in `plugins`) that gives test files and the Worker
 * modules they import what wrangler's build gives a Worker:
 * - `cloudflare:workers` and `cloudflare:test` resolve to this package's modules. No environment
 *   can do this alone: Vitest's module runner asks the Vite server for every import, and the
 *   server resolves a bare specifier with Node's package resolution before anything in the test
 *   worker (an environment, a Node loader hook) sees it, failing with "Cannot find package
 *   'cloudflare:workers'" (checked with Vitest 3.2, 4 and 5; see the package README).
 * - wrangler's module rules: `import page from "./chat.html"` is the file's text, as under wrangler.
 * - the `wrangler` environment option's relative path is made absolute against the project root,
 *   which the test worker does not know yet when the environment's setup runs.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import {
  DEFAULT_MODULE_RULES,
  type EmulatedRuleType,
  type ModuleRule,
  moduleRuleMatcher,
  ruleModuleSource,
} from "./wrangler/module-rules.js";
import { readWranglerConfig } from "./wrangler/read-config.js";

const PACKAGE = "vitest-environment-workers-ws";
// The environment's options key (options.ts), repeated so the plugin does not load the runtime.
const OPTIONS_KEY = "workers-ws";
const MODULES: Readonly<Record<string, string>> = {
  "cloudflare:workers": `${PACKAGE}/cloudflare-workers`,
  "cloudflare:test": `${PACKAGE}/cloudflare-test`,
};

export interface WorkersWsPluginOptions {
  /**
   * The wrangler config whose `rules` apply to imports (default: the one the `wrangler`
   * environment option names, if any). Relative to the project root.
   */
  wrangler?: string;
}

/** The parts of a Vite plugin this one uses, declared here so one build serves Vite 5 to 8. */
export interface WorkersWsVitePlugin {
  name: string;
  enforce: "pre";
  config(config: UserConfigLike): void;
  configResolved(config: ResolvedConfigLike): void;
  resolveId(
    this: PluginContextLike,
    id: string,
    importer: string | undefined,
  ): Promise<{ id: string; external?: boolean | "absolute" | "relative" } | null | undefined>;
  load(this: PluginContextLike, id: string): string | undefined;
}

interface UserConfigLike {
  root?: string;
  test?: { root?: string; environmentOptions?: Record<string, unknown> };
}
interface ResolvedConfigLike {
  root: string;
  test?: { environmentOptions?: Record<string, unknown> };
}
interface PluginContextLike {
  resolve(
    id: string,
    importer?: string,
    options?: { skipSelf?: boolean },
  ): Promise<{ id: string; external?: boolean | "absolute" | "relative" } | null>;
  environment?: { config?: { root?: string } };
}

export function workersWs(options: WorkersWsPluginOptions = {}): WorkersWsVitePlugin {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`workersWs() options must be an object such as { wrangler: "./wrangler.jsonc" }.`);
  }
  if (options.wrangler !== undefined && (typeof options.wrangler !== "string" || options.wrangler === "")) {
    throw new TypeError("workersWs() option wrangler must be the path of a wrangler config file.");
  }
  let root = process.cwd();
  let matcher: ((file: string) => EmulatedRuleType | undefined) | undefined;
  let rulesFrom: { rules: readonly ModuleRule[]; baseDir: string } = {
    rules: DEFAULT_MODULE_RULES,
    baseDir: root,
  };

  return {
    name: "vitest-environment-workers-ws",
    enforce: "pre",

    config(config) {
      const projectRoot = resolve(config.test?.root ?? config.root ?? process.cwd());
      const ours = config.test?.environmentOptions?.[OPTIONS_KEY] as Record<string, unknown> | undefined;
      if (
        typeof ours === "object" &&
        ours !== null &&
        typeof ours.wrangler === "string" &&
        !isAbsolute(ours.wrangler)
      ) {
        ours.wrangler = resolve(projectRoot, ours.wrangler);
      }
    },

    configResolved(config) {
      root = config.root;
      const ours = config.test?.environmentOptions?.[OPTIONS_KEY] as Record<string, unknown> | undefined;
      const wrangler = options.wrangler ?? (typeof ours?.wrangler === "string" ? ours.wrangler : undefined);
      // The config's errors surface in the environment's setup, which reads the same file.
      if (wrangler !== undefined) {
        try {
          const project = readWranglerConfig(wrangler, root);
          rulesFrom = { rules: project.rules, baseDir: project.baseDir };
        } catch {
          rulesFrom = { rules: DEFAULT_MODULE_RULES, baseDir: dirname(resolve(root, wrangler)) };
        }
      } else {
        rulesFrom = { rules: DEFAULT_MODULE_RULES, baseDir: root };
      }
      matcher = undefined;
    },

    async resolveId(id, importer) {
      const target = MODULES[id];
      if (target === undefined) return undefined;
      // Resolved as the project resolves this package, so Vitest externalises it like the
      // package's entry: the test file, the Worker and the environment share one instance.
      const resolved =
        (await this.resolve(target, importer, { skipSelf: true })) ??
        (await this.resolve(target, resolve(root, "index.js"), { skipSelf: true }));
      if (resolved === null) {
        throw new Error(
          `workers-ws: ${id} resolves to ${target}, which cannot be resolved from ${importer ?? root}.`,
        );
      }
      return resolved;
    },

    load(id) {
      if (id.startsWith("\0") || !isAbsolute(id)) return undefined;
      matcher ??= moduleRuleMatcher(rulesFrom.rules, rulesFrom.baseDir);
      const type = matcher(id);
      if (type === undefined) return undefined;
      return ruleModuleSource(type, id.replace(/[?#].*$/, ""));
    },
  };
}

export default workersWs;
