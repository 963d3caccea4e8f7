/**
 * The compatibility flags that change WebSocket behaviour in workerd, with the date each became the
 * default. Source: workerd src/workerd/io/compatibility-date.capnp (names checked against the
 * workerd 2026-11-17 binary). Nothing else in the package reads flag names or dates.
 */
export interface CompatFlagDefinition {
  /** Name of the setting in the resolved `CompatSettings`. */
  readonly setting: CompatSettingName;
  /** The flag that turns the behaviour on. */
  readonly enable: string;
  /** The flag that turns it off again after its default date (absent for opt-in-only flags). */
  readonly disable?: string;
  /** The compatibility date from which the behaviour is on by default (absent: opt-in only). */
  readonly defaultOn?: string;
  /** What the flag changes, in one line, for error messages and docs. */
  readonly effect: string;
}

export type CompatSettingName =
  | "gettersOnPrototype"
  | "webSocketCompression"
  | "setToStringTag"
  | "setEventTargetThis"
  | "closeReasonByteLimit"
  | "standardBinaryType"
  | "autoReplyToClose"
  | "specCompliantDispatchExceptions"
  | "pedanticWpt"
  | "increaseMessageSize"
  | "fetchRefusesUnknownProtocols"
  | "fastJsgStruct"
  | "enhancedErrorSerialization"
  | "stripAuthorizationOnCrossOriginRedirect"
  | "fetcherRpc";

export const COMPAT_FLAGS: readonly CompatFlagDefinition[] = [
  {
    // Durable Object stubs (durable-objects/stub.ts): before it, a stub has fetch() only, so
    // `stub.method()` is "stub.method is not a function" (observed in workerd 2026-11-17 at 2024-01-01).
    setting: "fetcherRpc",
    enable: "rpc",
    disable: "no_rpc",
    defaultOn: "2024-04-03",
    effect: "Durable Object stubs call the object's public methods (JavaScript RPC)",
  },
  {
    // Not a WebSocket flag, but it shows in the error event of a listener that threw: found by
    // bisecting dates in workerd 2026-11-17 (24-throwing-listener/errorEventCopy* scenarios).
    setting: "enhancedErrorSerialization",
    enable: "enhanced_error_serialization",
    disable: "legacy_error_serialization",
    defaultOn: "2026-04-21",
    effect:
      "the error event of a throwing listener keeps the error's own properties and structured-clones a thrown non-error",
  },
  {
    // Not a WebSocket flag, but it shows: found by bisecting dates in workerd 2026-11-17.
    setting: "fastJsgStruct",
    enable: "enable_fast_jsg_struct",
    disable: "disable_fast_jsg_struct",
    defaultOn: "2025-12-03",
    effect: "the WebSocketPair iterator ends with { done: true, value: undefined } instead of { done: true }",
  },
  {
    setting: "fetchRefusesUnknownProtocols",
    enable: "fetch_refuses_unknown_protocols",
    disable: "fetch_treats_unknown_protocols_as_http",
    defaultOn: "2021-11-10",
    effect: "fetch('ws://…') throws instead of being treated as http",
  },
  {
    // Not a WebSocket flag: fetch() drops Authorization when it follows a redirect to another
    // origin (conformance 34-redirects/crossOriginAuthorization).
    setting: "stripAuthorizationOnCrossOriginRedirect",
    enable: "strip_authorization_on_cross_origin_redirect",
    disable: "retain_authorization_on_cross_origin_redirect",
    defaultOn: "2025-09-01",
    effect: "a redirect to another origin drops the request's Authorization header",
  },
  {
    setting: "gettersOnPrototype",
    enable: "workers_api_getters_setters_on_prototype",
    disable: "workers_api_getters_setters_on_instance",
    defaultOn: "2022-01-31",
    effect: "readyState, url, protocol, extensions and binaryType are prototype accessors",
  },
  {
    setting: "webSocketCompression",
    enable: "web_socket_compression",
    disable: "no_web_socket_compression",
    defaultOn: "2023-08-15",
    effect: "permessage-deflate is negotiated instead of stripped",
  },
  {
    setting: "setToStringTag",
    enable: "set_tostring_tag",
    disable: "do_not_set_tostring_tag",
    defaultOn: "2024-09-26",
    effect: "Object.prototype.toString gives [object WebSocket] instead of [object Object]",
  },
  {
    setting: "setEventTargetThis",
    enable: "set_event_target_this",
    disable: "no_set_event_target_this",
    defaultOn: "2025-08-01",
    effect: "`this` inside a function listener is the event target",
  },
  {
    setting: "closeReasonByteLimit",
    enable: "websocket_close_reason_byte_limit",
    disable: "no_websocket_close_reason_byte_limit",
    defaultOn: "2026-03-03",
    effect: "close() rejects reasons over 123 UTF-8 bytes with a SyntaxError",
  },
  {
    setting: "standardBinaryType",
    enable: "websocket_standard_binary_type",
    disable: "no_websocket_standard_binary_type",
    defaultOn: "2026-03-17",
    effect: "binaryType defaults to 'blob'",
  },
  {
    setting: "autoReplyToClose",
    enable: "web_socket_auto_reply_to_close",
    disable: "web_socket_manual_reply_to_close",
    defaultOn: "2026-04-07",
    effect: "a received Close is answered automatically (allowHalfOpen defaults to false)",
  },
  {
    setting: "specCompliantDispatchExceptions",
    enable: "spec_compliant_dispatch_exceptions",
    disable: "no_spec_compliant_dispatch_exceptions",
    defaultOn: "2026-09-15",
    effect: "a throwing listener no longer stops later listeners; close listeners only log",
  },
  {
    setting: "pedanticWpt",
    enable: "pedantic_wpt",
    disable: "non_pedantic_wpt",
    effect: "close() accepts only code 1000 and 3000-4999",
  },
  {
    setting: "increaseMessageSize",
    enable: "increase_websocket_message_size",
    effect: "the incoming network message limit rises from 32 MiB to 128 MiB",
  },
];
