/**
 * workerd's answer to a failure it does not expose to JavaScript: an Error whose message is only
 * "internal error; reference = <id>" (the real exception goes to workerd's log under that id).
 * Seen for `new WebSocket(url)` to a host the network service cannot resolve or parse (an empty
 * host, a bad IPv6 literal, a DNS failure; conformance 35-websocket-urls). The id is 24 characters
 * of base-32 as workerd's are.
 */
const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuv";

export function internalError(): Error {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const id = Array.from(bytes, (byte) => ID_ALPHABET[byte % 32]).join("");
  const limit = Error.stackTraceLimit;
  // No stack, as the runtime's own errors have none pointing into the emulation.
  Error.stackTraceLimit = 0;
  try {
    return new Error(`internal error; reference = ${id}`);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
