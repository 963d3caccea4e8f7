/**
 * The hosts a wrangler config serves its Worker on (`route`, `routes`: "chat.example/*", or
 * { pattern, zone_name | zone_id | custom_domain }). The environment routes those hosts to `main`
 * in memory, so a page's `new WebSocket("wss://chat.example/…")` and `fetch()` reach the same
 * Worker SELF calls, as the deployed Worker is reached on its own domain.
 *
 * Only whole-host routes are read ("host/*", "*.host/*", a custom domain "host"): a route scoped
 * to a path ("host/api/*") is refused with a clear error rather than routing more (or less) than
 * Cloudflare would; the `routes` option can route a URL prefix instead.
 */
import { showConfigValue, type WranglerConfigError } from "./config-error.js";

type Fail = (key: string, message: string) => WranglerConfigError;

export function readWorkerHosts(config: Record<string, unknown>, fail: Fail): string[] {
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
  for (const [key, entry] of entries) {
    const host = hostOf(key, entry, fail);
    if (!hosts.includes(host)) hosts.push(host);
  }
  return hosts;
}

function hostOf(key: string, entry: unknown, fail: Fail): string {
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
  if (path !== "" && path !== "/" && path !== "/*") {
    throw fail(
      where,
      `${JSON.stringify(pattern)} routes part of a host; workers-ws routes the Worker's whole hosts to main ("chat.example/*"). Route a path with the routes option instead ({ "https://chat.example/api/": "./src/worker.ts" }).`,
    );
  }
  if (host === "" || host.includes("*", 1) || (host.startsWith("*") && !host.startsWith("*."))) {
    throw fail(
      where,
      `${JSON.stringify(pattern)} has no host workers-ws can route ("chat.example/*", "*.chat.example/*").`,
    );
  }
  return host.toLowerCase();
}
