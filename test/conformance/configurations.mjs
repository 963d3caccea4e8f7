// The runtime configurations every scenario runs under, in workerd and in the emulation. This is the
// only place that lists them.
//
// The two dates bracket every WebSocket-related flag workerd 2026-11-17 knows. The single-flag controls
// tie each date difference to one flag: the old date plus one enable flag, and the new date minus it.
// With all controls in place, every difference between the two dates is explained by one flag.

export const OLD_DATE = "2024-01-01";
export const NEW_DATE = "2026-11-01";

/** [enable flag, disable flag] for each WebSocket behaviour that differs between the two dates. */
export const WEBSOCKET_FLAGS = [
  ["web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close"],
  ["websocket_standard_binary_type", "no_websocket_standard_binary_type"],
  ["websocket_close_reason_byte_limit", "no_websocket_close_reason_byte_limit"],
  ["set_tostring_tag", "do_not_set_tostring_tag"],
  ["set_event_target_this", "no_set_event_target_this"],
  ["spec_compliant_dispatch_exceptions", "no_spec_compliant_dispatch_exceptions"],
];

/**
 * Flags outside WebSocket code whose effect still shows in a scenario's trace. enable_fast_jsg_struct
 * (on by default from 2025-12-03, found by bisecting dates in workerd 2026-11-17) makes the
 * WebSocketPair iterator's final result `{ done: true, value: undefined }` instead of `{ done: true }`.
 * enhanced_error_serialization (2026-04-21, found the same way) changes the copy of a listener's
 * exception that the socket's error event carries.
 */
export const OTHER_FLAGS = [
  ["enable_fast_jsg_struct", "disable_fast_jsg_struct"],
  ["enhanced_error_serialization", "legacy_error_serialization"],
  // fetch() drops Authorization on a cross-origin redirect from 2025-09-01 (34-redirects).
  ["strip_authorization_on_cross_origin_redirect", "retain_authorization_on_cross_origin_redirect"],
  // JavaScript RPC on Durable Object stubs from 2024-04-03 (40-do-ids-stubs: before it, stub.method
  // is undefined).
  ["rpc", "no_rpc"],
];

/** Every flag pair that gets a single-flag control. */
export const CONTROL_FLAGS = [...WEBSOCKET_FLAGS, ...OTHER_FLAGS];

function configuration(compatibilityDate, compatibilityFlags = []) {
  const id = [compatibilityDate, ...compatibilityFlags].join("+");
  return { id, compatibilityDate, compatibilityFlags };
}

/** [{ id: "2024-01-01+set_tostring_tag", compatibilityDate, compatibilityFlags }] */
export const CONFIGURATIONS = [
  configuration(OLD_DATE),
  configuration(NEW_DATE),
  ...CONTROL_FLAGS.map(([enable]) => configuration(OLD_DATE, [enable])),
  ...CONTROL_FLAGS.map(([, disable]) => configuration(NEW_DATE, [disable])),
];
