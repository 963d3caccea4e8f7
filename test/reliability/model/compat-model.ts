/**
 * The reference model's own view of compatibility dates and flags, written from
 * shared/reference/workerd-observed.md §1 (flag names and enable dates as observed in workerd
 * 2026-11-17; the disable names are the ones test/conformance/configurations.mjs runs in workerd).
 * It deliberately does not import the runtime's compat/ table: the model must be able to disagree.
 */
export interface ModelSettings {
  readonly autoReplyToClose: boolean;
  readonly standardBinaryType: boolean;
  readonly closeReasonByteLimit: boolean;
  readonly setToStringTag: boolean;
  readonly setEventTargetThis: boolean;
  readonly specCompliantDispatchExceptions: boolean;
  /** Opt-in only: close() then accepts only 1000 and 3000–4999 (§3, 10-close-codes). */
  readonly pedanticWpt: boolean;
}

interface FlagRow {
  readonly setting: keyof ModelSettings;
  readonly enable: string;
  readonly disable?: string;
  /** The date from which the behaviour is on without a flag (absent: opt-in only). */
  readonly since?: string;
}

export const MODEL_FLAGS: readonly FlagRow[] = [
  {
    setting: "autoReplyToClose",
    enable: "web_socket_auto_reply_to_close",
    disable: "web_socket_manual_reply_to_close",
    since: "2026-04-07",
  },
  {
    setting: "standardBinaryType",
    enable: "websocket_standard_binary_type",
    disable: "no_websocket_standard_binary_type",
    since: "2026-03-17",
  },
  {
    setting: "closeReasonByteLimit",
    enable: "websocket_close_reason_byte_limit",
    disable: "no_websocket_close_reason_byte_limit",
    since: "2026-03-03",
  },
  {
    setting: "setToStringTag",
    enable: "set_tostring_tag",
    disable: "do_not_set_tostring_tag",
    since: "2024-09-26",
  },
  {
    setting: "setEventTargetThis",
    enable: "set_event_target_this",
    disable: "no_set_event_target_this",
    since: "2025-08-01",
  },
  {
    setting: "specCompliantDispatchExceptions",
    enable: "spec_compliant_dispatch_exceptions",
    disable: "no_spec_compliant_dispatch_exceptions",
    since: "2026-09-15",
  },
  { setting: "pedanticWpt", enable: "pedantic_wpt", disable: "non_pedantic_wpt" },
];

/**
 * Dates the fuzzer picks from: every enable date, the day before each, and the two recorded dates.
 * (The newest date the runtime accepts is 2026-11-17.)
 */
export const MODEL_DATES: readonly string[] = [
  "2023-06-01",
  "2024-01-01",
  "2024-09-25",
  "2024-09-26",
  "2025-07-31",
  "2025-08-01",
  "2026-03-02",
  "2026-03-03",
  "2026-03-16",
  "2026-03-17",
  "2026-04-06",
  "2026-04-07",
  "2026-09-14",
  "2026-09-15",
  "2026-11-01",
  "2026-11-17",
];

/** A behaviour is on from its date; an explicit enable or disable flag overrides the date. */
export function modelSettings(date: string, flags: readonly string[]): ModelSettings {
  const settings = {} as Record<keyof ModelSettings, boolean>;
  for (const row of MODEL_FLAGS) {
    settings[row.setting] = row.since !== undefined && date >= row.since;
    if (flags.includes(row.enable)) settings[row.setting] = true;
    if (row.disable !== undefined && flags.includes(row.disable)) settings[row.setting] = false;
  }
  return settings;
}
