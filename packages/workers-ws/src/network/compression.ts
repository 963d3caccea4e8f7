import type { PerMessageDeflateOptions } from "ws";
import type { CompatSettings } from "../compat/settings.js";

/**
 * web_socket_compression (default on from 2023-08-15): with it, permessage-deflate is negotiated
 * on real connections; without it, workerd strips Sec-WebSocket-Extensions from upgrade requests
 * it sends and from the WebSocket responses it writes (http.c++ 1277-1282, 1579-1584), so nothing
 * is compressed either way. ws negotiates the extension itself when given these options.
 */
export function deflateOption(
  settings: CompatSettings,
  side: "server" | "client",
): PerMessageDeflateOptions | false {
  if (!settings.webSocketCompression) return false;
  // Compress every message, however small, as kj's deflate does (ws's default skips < 1 KiB).
  if (side === "server") return { threshold: 0 };
  // workerd offers a bare "permessage-deflate" (observed); ws would add client_max_window_bits.
  // (ws accepts false here; its types only list numbers.)
  return { threshold: 0, clientMaxWindowBits: false as unknown as number };
}

export const EXTENSIONS_HEADER = "sec-websocket-extensions";

/** Without the flag, the extensions header is removed from what crosses the runtime's boundary. */
export function withoutExtensionsUnlessCompressing(settings: CompatSettings, headers: Headers): Headers {
  if (settings.webSocketCompression || !headers.has(EXTENSIONS_HEADER)) return headers;
  const copy = new Headers(headers);
  copy.delete(EXTENSIONS_HEADER);
  return copy;
}

/**
 * The extensions answer as kj writes it. To an offer of `client_max_window_bits` without a value,
 * kj answers with the window it allows, `client_max_window_bits=15` (observed: ws offers
 * "permessage-deflate; client_max_window_bits", workerd answers "permessage-deflate;
 * client_max_window_bits=15"); ws leaves the parameter out. 15 is the largest window, so the
 * compression itself is the same either way; only the header text differs.
 */
export function answerAsKj(offer: string | undefined, answer: string): string {
  const offeredBare = (offer ?? "")
    .split(/[;,]/)
    .some((param) => param.trim().toLowerCase() === "client_max_window_bits");
  if (!offeredBare || /client_max_window_bits/i.test(answer)) return answer;
  return `${answer}; client_max_window_bits=15`;
}
