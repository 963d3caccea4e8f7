/**
 * The `network` option: how far outbound `fetch()` and `new WebSocket(url)` may go over real
 * sockets when no in-memory route answers. The default is loopback only, so a test can talk to a
 * server it started but never reaches the internet by accident (workerd's own default,
 * `allow = ["public"]`, is the opposite and refuses loopback; observed 28).
 *
 * - "loopback" (default): localhost, *.localhost, 127.0.0.0/8 and ::1;
 * - "none": nothing leaves the process;
 * - "all": any host;
 * - a list of host names ("api.example.com", "*.example.com", or "loopback" for the above).
 */
export type NetworkOption = "none" | "loopback" | "all" | readonly string[];

export const DEFAULT_NETWORK_OPTION: NetworkOption = "loopback";

const KEYWORDS = ["none", "loopback", "all"] as const;

/** Checks a value given for the option; `describeOption` formats it for error messages. */
export function isNetworkOption(value: unknown): value is NetworkOption {
  if (typeof value === "string") return (KEYWORDS as readonly string[]).includes(value);
  return Array.isArray(value) && value.every((entry) => hostEntryProblem(entry) === undefined);
}

/**
 * What is wrong with one entry of a host list, with what was probably meant; undefined when it is
 * a host name, a "*." wildcard or "loopback". The list matches host names only (any port, any
 * scheme), so an entry that is a URL or carries a port would otherwise match nothing, silently.
 */
export function hostEntryProblem(entry: unknown): string | undefined {
  if (typeof entry !== "string") return `the entry ${describeEntry(entry)} is not a string`;
  if (entry.trim() === "") return `the entry ${JSON.stringify(entry)} is empty: list host names`;
  if (entry === "*" || entry === "*.*") {
    return `the entry ${JSON.stringify(entry)} is not a pattern the list knows: to allow every host, set "network" to "all" (not a list)`;
  }
  if (KEYWORDS.includes(entry as (typeof KEYWORDS)[number]) && entry !== "loopback") {
    return `the entry ${JSON.stringify(entry)} is an option value, not a host: set "network" to "${entry}" (not a list)`;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    let host: string | undefined;
    try {
      host = new URL(entry).hostname || undefined;
    } catch {
      host = undefined;
    }
    return `the entry ${JSON.stringify(entry)} is a URL; the list holds host names${host ? `: ${JSON.stringify(host)}` : ""}`;
  }
  const withPort = /^(\[[^\]]*\]|[^:/\s]+):(\d*)$/.exec(entry);
  if (withPort) {
    return `the entry ${JSON.stringify(entry)} has a port; the list matches host names on every port: ${JSON.stringify(withPort[1])}`;
  }
  if (/[/\s?#@]/.test(entry)) {
    const host =
      entry
        .trim()
        .split(/[/?#\s]/)[0]
        ?.split("@")
        .pop() ?? "";
    return `the entry ${JSON.stringify(entry)} is not a host name${host ? `: did you mean ${JSON.stringify(host)}?` : ""}`;
  }
  if (entry.includes("*") && !/^\*\.[^*]+$/.test(entry)) {
    return `the entry ${JSON.stringify(entry)} has a "*" that is not a leading "*." (e.g. "*.example.com")`;
  }
  return undefined;
}

/** Why a value is not a NetworkOption, naming the bad list entry where there is one. */
export function networkOptionProblem(value: unknown): string | undefined {
  if (isNetworkOption(value)) return undefined;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const problem = hostEntryProblem(entry);
      if (problem) return problem;
    }
  }
  return undefined;
}

function describeEntry(entry: unknown): string {
  if (typeof entry === "bigint") return `${entry}n`;
  try {
    return JSON.stringify(entry) ?? String(entry);
  } catch {
    return typeof entry;
  }
}

export const NETWORK_OPTION_HELP = `"loopback" (the default), "none", "all" or a list of host names such as ["api.example.com", "*.example.com", "loopback"]`;

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "[::1]" || host === "::1") return true;
  // An IPv4-mapped IPv6 address of 127.0.0.0/8, as the URL parser writes it: [::ffff:7fxx:xxxx].
  if (/^\[?::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]?$/.test(host)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function matchesEntry(entry: string, hostname: string): boolean {
  const host = hostname.toLowerCase();
  const pattern = entry.toLowerCase();
  if (pattern === "loopback") return isLoopback(host);
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  return host === pattern;
}

/** Whether `url` may be reached over the network under `option`. */
export function networkAllows(option: NetworkOption, url: URL): boolean {
  if (option === "all") return true;
  if (option === "none") return false;
  if (option === "loopback") return isLoopback(url.hostname);
  return option.some((entry) => matchesEntry(entry, url.hostname));
}

/** The second half of the UnroutedRequestError message when the option refuses `url`. */
export function networkRefusal(option: NetworkOption, url: URL): string {
  return `or allow it over the network: the "network" option is ${JSON.stringify(option)}, which does not reach ${url.hostname} (set "network" to "all", or list the host in it).`;
}
