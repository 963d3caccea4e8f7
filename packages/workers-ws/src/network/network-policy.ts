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
  return Array.isArray(value) && value.every((entry) => typeof entry === "string" && entry.length > 0);
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
