/**
 * The hosts a wrangler config serves its Worker on (`route`, `routes`: "chat.example/*", or
 * { pattern, zone_name | zone_id | custom_domain }). The environment routes those hosts to `main`
 * in memory, so a page's `new WebSocket("wss://chat.example/…")` and `fetch()` reach the same
 * Worker SELF calls, as the deployed Worker is reached on its own domain.
 *
 * Only whole-host routes are routed ("host/*", "*.host/*", a custom domain "host"). A route scoped
 * to a path ("host/api/*", common in real configs) is left out, not guessed at: it is returned in
 * `pathScoped` so the environment can say so in one line, and the `routes` option routes a URL
 * prefix for a test that needs it. Refusing it would fail every test file of such a project.
 */
import { showConfigValue, type WranglerConfigError } from "./config-error.js";

type Fail = (key: string, message: string) => WranglerConfigError;

export interface WorkerHosts {
  /** Whole hosts, routed to main. */
  readonly hosts: string[];
  /** Patterns scoped to a path, not routed (the environment warns). */
  readonly pathScoped: string[];
}

export function readWorkerHosts(config: Record<string, unknown>, fail: Fail): WorkerHosts {
  const entries: Array<[string, unknown]> = [];
  if (config.route !== undefined) entries.push(["route", config.route]);
  if (config.routes !== undefined) {
    if (!Array.isArray(config.routes)) {
      throw fail(
        "routes",
        `must be a list of route patterns or { pattern } objects; got ${showConfigValue(config.routes)}.`,
      );
    }
    for (const [index, entry] of (config.routes as unknown[]).entries())
      entries.push([`routes[${index}]`, entry]);
  }
  const hosts: string[] = [];
  const pathScoped: string[] = [];
  for (const [key, entry] of entries) {
    const route = hostOf(key, entry, fail);
    if (route.pathScoped) pathScoped.push(route.pattern);
    else if (!hosts.includes(route.host)) hosts.push(route.host);
  }
  return { hosts, pathScoped };
}

function hostOf(
  key: string,
  entry: unknown,
  fail: Fail,
): { host: string; pattern: string; pathScoped: boolean } {
  const pattern =
    typeof entry === "object" && entry !== null && !Array.isArray(entry)
      ? (entry as Record<string, unknown>).pattern
      : entry;
  const where = pattern === entry ? key : `${key}.pattern`;
  if (typeof pattern !== "string" || pattern.length === 0) {
    throw fail(where, `must be a route pattern such as "chat.example/*"; got ${showConfigValue(pattern)}.`);
  }
  // Cloudflare route patterns carry no scheme; one written anyway matches both http and https.
  const bare = pattern.replace(/^(?:https?:)?\/\//i, "");
  const slash = bare.indexOf("/");
  const host = slash === -1 ? bare : bare.slice(0, slash);
  const path = slash === -1 ? "" : bare.slice(slash);
  const pathScoped = path !== "" && path !== "/" && path !== "/*";
  if (host === "" || host.includes("*", 1) || (host.startsWith("*") && !host.startsWith("*."))) {
    throw fail(
      where,
      `${JSON.stringify(pattern)} has no host workers-ws can route ("chat.example/*", "*.chat.example/*").`,
    );
  }
  return { host: host.toLowerCase(), pattern, pathScoped };
}
