import { createRuntime, type NetworkOption, type Runtime } from "workers-ws";
import {
  checkDurableObjectsOption,
  checkVarsOption,
  type DurableObjectSource,
  type DurableObjectsOption,
} from "./bindings/durable-objects-option.js";
import type { FileBindingsConfig } from "./bindings/file-bindings.js";
import { vitestRoot } from "./bindings/import-user-module.js";
import { checkPageOption } from "./browser/page-option-check.js";
import { checkRoutesOption, type RoutesOption } from "./route-modules.js";
import { UNCAUGHT_ERROR_POLICIES, type UncaughtErrorsPolicy } from "./uncaught-errors.js";
import { readWranglerConfig, type WranglerProject } from "./wrangler/read-config.js";

/** What happens to sockets still open when a test file ends. */
export type OpenSocketsPolicy = "warn" | "error" | "silent";

export interface WorkersWsEnvironmentOptions {
  /** YYYY-MM-DD, as in wrangler.toml; default: the runtime's documented default date. */
  compatibilityDate?: string;
  /** Compatibility flags (enable or disable names). */
  compatibilityFlags?: string[];
  /** Turn misuse that workerd ignores silently into errors. Default false. */
  strict?: boolean;
  /**
   * An exception Worker code leaves uncaught (a throwing listener, a strict violation inside
   * one): "log" prints workerd's log line under the test (default), "fail" fails that test
   * (the default under `strict: true`; with the setup file the test itself fails, without it
   * Vitest reports an unhandled error and the run fails).
   */
  uncaughtErrors?: UncaughtErrorsPolicy;
  /** Sockets left open at teardown are always closed; "warn" (default) lists them, "error" fails. */
  openSockets?: OpenSocketsPolicy;
  /** Record each socket's transcript for the matchers (default true). */
  transcript?: boolean;
  /** Entries each socket's transcript keeps, the newest (default 1000). */
  transcriptLimit?: number;
  /** Payload bytes each socket's transcript keeps whole; older ones as size + SHA-256 (default 64 MiB). */
  transcriptBytes?: number;
  /**
   * Workers to route in memory, by host or URL prefix: `fetch()` and `new WebSocket(url)` to them
   * reach the Worker module, imported on its first request. Paths start at the project root.
   * `{ "chat.example": "./src/chat.ts", "https://api.example/v1/": { module, export?, env? } }`
   */
  routes?: RoutesOption;
  /**
   * How far outbound fetch() and new WebSocket(url) may go over real sockets when no in-memory
   * route answers: "loopback" (default), "none", "all", or a list of host names.
   */
  network?: NetworkOption;
  /**
   * A wrangler.jsonc / wrangler.json / wrangler.toml (relative to the project root, or absolute):
   * its main, compatibility_date, compatibility_flags, vars and durable_objects.bindings make the
   * file's `env` and `SELF`. Options given here win over the file's.
   */
  wrangler?: string;
  /**
   * Durable Object bindings without a wrangler file: `{ ROOM: { module: "./src/room.ts",
   * className: "ChatRoom" } }`; module paths start at the project root.
   */
  durableObjects?: DurableObjectsOption;
  /** Plain bindings of `env` (over the wrangler file's vars, key by key). */
  vars?: Record<string, unknown>;
  /**
   * A browser page opened before the tests (openPage options: `{ url, html?, scripts? }`) whose
   * `window` and `document` become globals of the test file. The Workers globals (WebSocket,
   * Response, fetch, …) stay the Workers ones; the page's are `window.WebSocket`, `window.fetch`.
   */
  page?: import("./browser/open-page.js").OpenPageOptions;
}

export const OPTIONS_KEY = "workers-ws";
const VALID = [
  "compatibilityDate",
  "compatibilityFlags",
  "strict",
  "uncaughtErrors",
  "openSockets",
  "transcript",
  "transcriptLimit",
  "transcriptBytes",
  "routes",
  "network",
  "wrangler",
  "durableObjects",
  "vars",
  "page",
] as const;
const POLICIES: readonly OpenSocketsPolicy[] = ["warn", "error", "silent"];

export class WorkersWsOptionsError extends TypeError {
  override name = "WorkersWsOptionsError";
}

export interface ParsedOptions {
  readonly runtime: Runtime;
  readonly openSockets: OpenSocketsPolicy;
  readonly uncaughtErrors: UncaughtErrorsPolicy;
  /** The `routes` option, checked; registered by the environment once the runtime is installed. */
  readonly routes: ReturnType<typeof checkRoutesOption>;
  /** What `env` and `SELF` are built from (the wrangler file and the options). */
  readonly bindings: FileBindingsConfig;
  /** The wrangler config the `wrangler` option names, read and checked. */
  readonly wrangler: WranglerProject | undefined;
  /** The `page` option, checked (browser/page-option.ts). */
  readonly page?: import("./browser/open-page.js").OpenPageOptions;
}

const NO_BINDINGS: FileBindingsConfig = {
  main: undefined,
  mainLabel: "the Worker's main module",
  vars: {},
  durableObjects: [],
};

/**
 * Reads `environmentOptions["workers-ws"]` (or the per-file `@vitest-environment-options`, which
 * Vitest passes under the same key) and builds the runtime. Unknown names and bad values throw an
 * error that names them and lists what is valid.
 */
export function parseEnvironmentOptions(
  all: Record<string, unknown> | undefined,
  warn: (message: string) => void = (message) => console.warn(message),
): ParsedOptions {
  warnAboutLookalikeKeys(all, warn);
  const raw = all?.[OPTIONS_KEY];
  if (raw === undefined) {
    return {
      runtime: createRuntime(),
      openSockets: "warn",
      uncaughtErrors: "log",
      routes: [],
      bindings: NO_BINDINGS,
      wrangler: undefined,
      page: undefined,
    };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new WorkersWsOptionsError(
      `environmentOptions["${OPTIONS_KEY}"] must be an object with ${VALID.join(", ")}; got ${showValue(raw)}.`,
    );
  }
  const options = raw as Record<string, unknown>;
  const unknown = Object.keys(options).filter((key) => !(VALID as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new WorkersWsOptionsError(
      `Unknown workers-ws environment option${unknown.length > 1 ? "s" : ""} ${unknown
        .map((k) => JSON.stringify(k))
        .join(", ")}. Valid options: ${VALID.join(", ")}.`,
    );
  }
  const openSockets = options.openSockets ?? "warn";
  if (!POLICIES.includes(openSockets as OpenSocketsPolicy)) {
    throw new WorkersWsOptionsError(
      `workers-ws option openSockets must be one of ${POLICIES.map((p) => JSON.stringify(p)).join(", ")}; got ${showValue(openSockets)}.`,
    );
  }
  const uncaughtErrors = options.uncaughtErrors ?? (options.strict === true ? "fail" : "log");
  if (!UNCAUGHT_ERROR_POLICIES.includes(uncaughtErrors as UncaughtErrorsPolicy)) {
    throw new WorkersWsOptionsError(
      `workers-ws option uncaughtErrors must be one of ${UNCAUGHT_ERROR_POLICIES.map((p) => JSON.stringify(p)).join(", ")}; got ${showValue(uncaughtErrors)}.`,
    );
  }
  const routes = checkRoutesOption(options.routes, (message) => new WorkersWsOptionsError(message));
  const { wrangler, bindings } = readBindingOptions(options);
  if (wrangler !== undefined && wrangler.pathScopedRoutes.length > 0) {
    warn(
      `workers-ws: ${wrangler.file}: ${wrangler.pathScopedRoutes.map((p) => JSON.stringify(p)).join(", ")} ${wrangler.pathScopedRoutes.length === 1 ? "routes" : "route"} part of a host and ${wrangler.pathScopedRoutes.length === 1 ? "is" : "are"} not routed to main (only whole hosts are: "chat.example/*"); to reach the Worker there, route the URL prefix with the routes option ({ "https://chat.example/api/": "./src/worker.ts" }).`,
    );
  }
  const page = checkPageOption(options.page, (message) => new WorkersWsOptionsError(message));
  try {
    const runtime = createRuntime({
      // Explicit options win over the wrangler file's.
      compatibilityDate: (options.compatibilityDate as string | undefined) ?? wrangler?.compatibilityDate,
      compatibilityFlags:
        (options.compatibilityFlags as string[] | undefined) ?? wrangler?.compatibilityFlags?.slice(),
      strict: options.strict as boolean | undefined,
      transcript: options.transcript as boolean | undefined,
      transcriptLimit: options.transcriptLimit as number | undefined,
      transcriptBytes: options.transcriptBytes as number | undefined,
      network: options.network as NetworkOption | undefined,
    });
    return {
      runtime,
      openSockets: openSockets as OpenSocketsPolicy,
      uncaughtErrors: uncaughtErrors as UncaughtErrorsPolicy,
      routes,
      bindings,
      wrangler,
      page,
    };
  } catch (error) {
    const from =
      wrangler !== undefined && options.compatibilityDate === undefined
        ? ` (compatibility settings from ${wrangler.file})`
        : "";
    throw new WorkersWsOptionsError(
      `Invalid workers-ws environment options${from}: ${(error as Error).message}`,
    );
  }
}

/** The wrangler file (read now: its date and flags make the runtime), durableObjects and vars. */
function readBindingOptions(options: Record<string, unknown>): {
  wrangler: WranglerProject | undefined;
  bindings: FileBindingsConfig;
} {
  const fail = (message: string) => new WorkersWsOptionsError(message);
  if (options.wrangler !== undefined && (typeof options.wrangler !== "string" || options.wrangler === "")) {
    throw fail(
      `workers-ws option wrangler must be the path of a wrangler.jsonc, wrangler.json or wrangler.toml; got ${showValue(options.wrangler)}.`,
    );
  }
  const wrangler =
    options.wrangler === undefined ? undefined : readWranglerConfig(options.wrangler as string, vitestRoot());
  const explicit = checkDurableObjectsOption(options.durableObjects, fail);
  const vars = { ...wrangler?.vars, ...checkVarsOption(options.vars, fail) };
  const main = wrangler?.main;
  const fromConfig: DurableObjectSource[] = (wrangler?.durableObjects ?? []).map((entry) => ({
    binding: entry.binding,
    className: entry.className,
    module: main as string,
    sql: entry.sql,
  }));
  // An explicit binding replaces the wrangler file's binding of the same name.
  const durableObjects = [
    ...fromConfig.filter((entry) => !explicit.some((own) => own.binding === entry.binding)),
    ...explicit,
  ];
  return {
    wrangler,
    bindings: {
      main,
      mainLabel: wrangler === undefined ? "the Worker's main module" : `the main module of ${wrangler.file}`,
      vars,
      durableObjects,
    },
  };
}

/**
 * Vitest hands every environment all of `environmentOptions`, so a key that is not ours is not an
 * error (it may belong to jsdom or happy-dom). A key that is ours misspelt ("workers_ws",
 * "workersWs", "worker-ws") would leave the defaults running without a word: say so.
 */
function warnAboutLookalikeKeys(
  all: Record<string, unknown> | undefined,
  warn: (message: string) => void,
): void {
  if (typeof all !== "object" || all === null) return;
  for (const key of Object.keys(all)) {
    if (key !== OPTIONS_KEY && looksLikeOurKey(key)) {
      warn(
        `workers-ws: environmentOptions has the key ${JSON.stringify(key)}, which the workers-ws environment does not read; its options go under "${OPTIONS_KEY}" (environmentOptions: { "${OPTIONS_KEY}": { … } }).`,
      );
    }
  }
}

/** The key, with case and separators ignored, is "workersws" or one edit from it. */
function looksLikeOurKey(key: string): boolean {
  const folded = key.toLowerCase().replace(/[^a-z]/g, "");
  return folded === "workersws" || editDistance(folded, "workersws") <= 1;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * A wrong option value for an error message: JSON where it has one, else its type. Never throws
 * (JSON.stringify refuses a BigInt, and a value's own toJSON or getters may throw).
 */
function showValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
