/**
 * The patterns a Worker is routed under, and which URLs they match:
 * - a host, `"chat.example"` or `"localhost:8787"`: every URL to that host (and port, when given),
 *   whatever the scheme and path;
 * - a wildcard host, `"*.chat.example"`: every subdomain of chat.example (not chat.example itself);
 * - a URL prefix, `"https://api.example/v1/"`: URLs that start with it. A prefix that does not end
 *   in "/" matches at a path-segment boundary: `"https://api.example/v1"` matches `/v1`, `/v1/…`,
 *   `/v1?…` and `/v1#…`, never `/v1evil` or `/v10`.
 * ws: and wss: URLs are matched as http: and https:, because workerd sends `new WebSocket(url)`
 * upstream as an http(s) upgrade request: `"https://chat.example/room"` also routes
 * `wss://chat.example/room/1`.
 */

/** Thrown for a pattern that is not a host, a `*.` wildcard host, or an http(s)/ws(s) URL prefix. */
export class RoutePatternError extends TypeError {
  override name = "RoutePatternError";
}

export interface RoutePattern {
  /** The pattern as given, for messages. */
  readonly source: string;
  /** Higher wins when several patterns match one URL: longer URL prefixes, then hosts, then wildcards. */
  readonly specificity: number;
  matches(url: URL): boolean;
}

const HOST = /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function parseRoutePattern(pattern: unknown): RoutePattern {
  if (typeof pattern !== "string" || pattern.length === 0) {
    throw new RoutePatternError(
      `workers-ws: a route pattern must be a host ("chat.example"), a wildcard host ("*.chat.example") or a URL prefix ("https://chat.example/room/"); got ${describe(pattern)}.`,
    );
  }
  if (pattern.includes("://")) return urlPrefix(pattern);
  if (!HOST.test(pattern)) {
    throw new RoutePatternError(
      `workers-ws: the route pattern ${JSON.stringify(pattern)} is not a host ("chat.example", "localhost:8787"), a wildcard host ("*.chat.example") or a URL prefix with a scheme ("https://chat.example/room/").`,
    );
  }
  const lower = pattern.toLowerCase();
  if (lower.startsWith("*.")) {
    const suffix = lower.slice(1); // ".chat.example" (with the port, if any)
    return {
      source: pattern,
      specificity: 0,
      matches: (url) => hostOf(url, suffix.includes(":")).endsWith(suffix),
    };
  }
  const withPort = lower.includes(":") && !lower.endsWith("]");
  return { source: pattern, specificity: 1, matches: (url) => hostOf(url, withPort) === lower };
}

function urlPrefix(pattern: string): RoutePattern {
  let parsed: URL;
  try {
    parsed = new URL(pattern);
  } catch {
    throw new RoutePatternError(
      `workers-ws: the route pattern ${JSON.stringify(pattern)} is not a valid URL.`,
    );
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol)) {
    throw new RoutePatternError(
      `workers-ws: the route pattern ${JSON.stringify(pattern)} must use http, https, ws or wss (got ${parsed.protocol.slice(0, -1)}).`,
    );
  }
  if (parsed.search || parsed.hash) {
    throw new RoutePatternError(
      `workers-ws: the route pattern ${JSON.stringify(pattern)} must not have a query or fragment; it matches URLs that start with it.`,
    );
  }
  const prefix = asHttp(parsed);
  const atBoundary = prefix.endsWith("/");
  return {
    source: pattern,
    specificity: 2 + prefix.length,
    matches: (url) => {
      const href = asHttp(url);
      if (!href.startsWith(prefix)) return false;
      // The prefix's last path segment must end where the URL's does.
      return atBoundary || href.length === prefix.length || "/?#".includes(href.charAt(prefix.length));
    },
  };
}

/** The URL as text with ws: and wss: spelled http: and https:. */
function asHttp(url: URL): string {
  const href = url.href;
  if (url.protocol === "ws:") return `http:${href.slice(3)}`;
  if (url.protocol === "wss:") return `https:${href.slice(4)}`;
  return href;
}

function hostOf(url: URL, withPort: boolean): string {
  return (withPort ? url.host : url.hostname).toLowerCase();
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  return typeof value;
}
