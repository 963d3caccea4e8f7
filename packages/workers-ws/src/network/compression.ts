import type { PerMessageDeflateOptions } from "ws";
import type { CompatSettings } from "../compat/settings.js";

/**
 * web_socket_compression (default on from 2023-08-15): with it, permessage-deflate is negotiated
 * on real connections; without it, workerd strips Sec-WebSocket-Extensions from upgrade requests
 * it sends and from the WebSocket responses it writes (http.c++ 1277-1282, 1579-1584), so nothing
 * is compressed either way. ws negotiates the extension itself when given these options.
 */
export function deflateOption(settings: CompatSettings): PerMessageDeflateOptions | false {
  if (!settings.webSocketCompression) return false;
  // Compress every message, however small, as kj's deflate does (ws's default skips < 1 KiB).
  return { threshold: 0 };
}

export const EXTENSIONS_HEADER = "sec-websocket-extensions";

/** Without the flag, the extensions header is removed from what crosses the runtime's boundary. */
export function withoutExtensionsUnlessCompressing(settings: CompatSettings, headers: Headers): Headers {
  if (settings.webSocketCompression || !headers.has(EXTENSIONS_HEADER)) return headers;
  const copy = new Headers(headers);
  copy.delete(EXTENSIONS_HEADER);
  return copy;
}
