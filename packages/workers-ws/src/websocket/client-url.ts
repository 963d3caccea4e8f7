/**
 * The URL of `new WebSocket(url)` as workerd reads it: kj::Url::tryParse in the REMOTE_HREF
 * context without percent-decoding (web-socket.c++ WebSocket::constructor), not the WHATWG parser.
 * kj checks little: a scheme, "//", and a host made of letters, digits and `.-:[]_` (possibly
 * empty); path and query may hold anything, and nothing is trimmed. So `ws://`, `ws://:80` and
 * `ws://[::1:1/` construct a CONNECTING socket (the connection then fails), while `  ws://host/`
 * and `ws://%zz/` are invalid (observed: conformance 35-websocket-urls).
 */

export interface ClientUrl {
  /** Lower-cased, as kj keeps it. */
  readonly scheme: string;
  /** Lower-cased, with the port and any IPv6 brackets; may be empty. Userinfo is not part of it. */
  readonly authority: string;
  /** Everything after the authority up to a fragment (path and query), as written. */
  readonly pathAndQuery: string;
  /** Whether the URL has a fragment (`#` anywhere after the scheme's `//`), even an empty one. */
  readonly hasFragment: boolean;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const HOST_CHARS = /^[A-Za-z0-9.\-:[\]_]*$/;

/** Parses as kj::Url::tryParse(url, REMOTE_HREF, {percentDecode: false}); undefined if invalid. */
export function parseClientUrl(url: string): ClientUrl | undefined {
  const colon = url.indexOf(":");
  if (colon < 0) return undefined;
  const scheme = url.slice(0, colon);
  if (!SCHEME.test(scheme)) return undefined;
  let rest = url.slice(colon + 1);
  // kj requires an authority.
  if (!rest.startsWith("//")) return undefined;
  rest = rest.slice(2);
  const authorityEnd = rest.search(/[/?#]/);
  let authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  rest = authorityEnd < 0 ? "" : rest.slice(authorityEnd);
  // Userinfo ends at the first "@"; kj does not check its characters.
  const at = authority.indexOf("@");
  if (at >= 0) authority = authority.slice(at + 1);
  if (!HOST_CHARS.test(authority)) return undefined;
  const hash = rest.indexOf("#");
  return {
    scheme: scheme.toLowerCase(),
    authority: authority.toLowerCase(),
    pathAndQuery: hash < 0 ? rest : rest.slice(0, hash),
    hasFragment: hash >= 0,
  };
}

/** Where a parsed URL points, or why workerd cannot connect to it. */
export type ClientTarget =
  | { readonly kind: "address"; readonly url: string }
  /** workerd's network service cannot make an address of the host: an internal error. */
  | { readonly kind: "badHost"; readonly reason: string }
  /** A host with a port no connection can be made to: workerd reports a lost connection. */
  | { readonly kind: "badPort"; readonly reason: string };

/**
 * The URL a connection is made to (userinfo dropped, as workerd's HTTP_PROXY_REQUEST form drops
 * it), or why none can be made. Observed in workerd 2026-11-17 (conformance 35): an empty host,
 * `[]`, an unparsable IPv6 literal or a second port separator fail with "internal error"; a port
 * that is not 1-65535 (0, 65536, -1, abc) fails as "Network connection lost.".
 */
export function clientTarget(url: ClientUrl): ClientTarget {
  const { authority } = url;
  let hostname: string;
  let port: string | undefined;
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    if (close < 0) return { kind: "badHost", reason: `the IPv6 literal in "${authority}" is not closed` };
    hostname = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== "" && !after.startsWith(":"))
      return { kind: "badHost", reason: `"${authority}" has text after its IPv6 literal` };
    if (after !== "") port = after.slice(1);
    if (!isIPv6Literal(hostname.slice(1, -1)))
      return { kind: "badHost", reason: `"${hostname}" is not an IPv6 address` };
  } else {
    const parts = authority.split(":");
    if (parts.length > 2) return { kind: "badHost", reason: `"${authority}" has more than one port` };
    hostname = parts[0] as string;
    port = parts[1];
  }
  if (hostname === "") return { kind: "badHost", reason: "the URL has no host" };
  if (port !== undefined && port !== "") {
    const number = /^\d+$/.test(port) ? Number(port) : Number.NaN;
    if (!(number >= 1 && number <= 65535))
      return { kind: "badPort", reason: `port "${port}" cannot be connected to` };
    port = String(number);
  }
  const portPart = port === undefined || port === "" ? "" : `:${port}`;
  const pathAndQuery = url.pathAndQuery === "" ? "/" : url.pathAndQuery;
  const address = `${url.scheme}://${hostname}${portPart}${pathAndQuery}`;
  // What Node cannot parse, Node cannot connect to either (e.g. a host "." or "-").
  if (!URL.canParse(address)) return { kind: "badHost", reason: `"${hostname}" is not a host name` };
  return { kind: "address", url: address };
}

/** An IPv6 address in a URL's brackets (no zone: kj's host characters exclude `%`). */
function isIPv6Literal(text: string): boolean {
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
