import type { CompatSettings } from "../compat/settings.js";
import { createWebSocketError } from "../errors/catalogue.js";
import { toInt32Checked, toUSVString, utf8Length } from "../webidl/conversions.js";

/** The longest close reason, in UTF-8 bytes, that fits a Close frame (125 minus the 2-byte code). */
export const MAX_CLOSE_REASON_BYTES = 123;

export interface CloseArguments {
  readonly code: number | undefined;
  readonly reason: string | undefined;
}

/**
 * Converts and validates close(code, reason) in workerd's order (web-socket.c++ close(), since
 * 2026-02-24): argument conversion, then the code, then the reason's length (with
 * websocket_close_reason_byte_limit), then reason-without-code. All of it happens before any state
 * check, so an invalid code throws even on a socket that is closed or not yet accepted.
 */
export function validateCloseArguments(
  rawCode: unknown,
  rawReason: unknown,
  settings: CompatSettings,
): CloseArguments {
  // Only `undefined` counts as "not given" (jsg::Optional).
  const code =
    rawCode === undefined
      ? undefined
      : toInt32Checked(rawCode, () => createWebSocketError("IntegerOutOfRange"));
  const reason = rawReason === undefined ? undefined : toUSVString(rawReason);
  if (code !== undefined && !isValidCloseCode(code, settings.pedanticWpt)) {
    throw createWebSocketError("InvalidCloseCode", code);
  }
  if (reason !== undefined && settings.closeReasonByteLimit && utf8Length(reason) > MAX_CLOSE_REASON_BYTES) {
    throw createWebSocketError("CloseReasonTooLong");
  }
  if (reason !== undefined && code === undefined) {
    throw createWebSocketError("ReasonWithoutCode");
  }
  return { code, reason };
}

/**
 * workerd accepts 1000-4999 except 1004, 1005, 1006 and 1015 (so 1001-1003 and 1007-2999 pass,
 * unlike the WHATWG rule); with pedantic_wpt only 1000 and 3000-4999.
 */
export function isValidCloseCode(code: number, pedantic: boolean): boolean {
  if (pedantic) return code === 1000 || (code >= 3000 && code <= 4999);
  return code >= 1000 && code <= 4999 && code !== 1004 && code !== 1005 && code !== 1006 && code !== 1015;
}
