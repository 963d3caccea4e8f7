import { closestName } from "./closest-name.js";
import { COMPAT_FLAGS, type CompatFlagDefinition, type CompatSettingName } from "./flags.js";
import { WORKERD_FLAG_PAIRS, WORKERD_SINGLE_FLAGS } from "./workerd-flag-names.js";

/** Every WebSocket-related runtime behaviour switch, resolved from a date and flags. */
export type CompatSettings = Readonly<Record<CompatSettingName, boolean>> & {
  /** The date in effect: the one given, or NEWEST_SUPPORTED_DATE when a newer one was given. */
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
  /** The date given when it was newer than NEWEST_SUPPORTED_DATE (and replaced by it), else undefined. */
  readonly requestedCompatibilityDate: string | undefined;
  /** The given flags that are real workerd flags but change nothing workers-ws emulates. */
  readonly unemulatedFlags: readonly string[];
};

export interface CompatOptions {
  compatibilityDate?: string;
  compatibilityFlags?: readonly string[];
}

/**
 * The date used when none is given: the newest date this release was checked against workerd
 * (workerd 2026-11-17 was run at 2026-11-01). Documented in the README.
 */
export const DEFAULT_COMPATIBILITY_DATE = "2026-11-01";

/**
 * The newest date this release knows: the build date of the workerd it was checked against. A
 * newer date (`wrangler init` writes today's) is used as this one, and the environment warns.
 */
export const NEWEST_SUPPORTED_DATE = "2026-11-17";

export class CompatibilityError extends TypeError {
  override name = "CompatibilityError";
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(date: unknown): string {
  if (typeof date !== "string" || !DATE_PATTERN.test(date)) {
    throw new CompatibilityError(
      `compatibilityDate must be a string of the form YYYY-MM-DD, got ${describe(date)}.`,
    );
  }
  const [, y, m, d] = DATE_PATTERN.exec(date) as RegExpExecArray;
  const parsed = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (parsed.getUTCMonth() !== Number(m) - 1 || parsed.getUTCDate() !== Number(d)) {
    throw new CompatibilityError(`compatibilityDate ${JSON.stringify(date)} is not a real date.`);
  }
  return date;
}

/** The one-line warning for a date newer than this release knows (printed once per test file). */
export function newerDateWarning(settings: CompatSettings): string | undefined {
  const requested = settings.requestedCompatibilityDate;
  if (requested === undefined) return undefined;
  return `workers-ws: compatibilityDate ${requested} is newer than the newest date this release knows; using ${settings.compatibilityDate} (its behaviour is the same unless a WebSocket flag changed since).`;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "symbol") return value.toString();
  if (value === null) return "null";
  return `${typeof value} ${String(value)}`;
}

const BY_FLAG = new Map<string, { def: CompatFlagDefinition; on: boolean }>();
for (const def of COMPAT_FLAGS) {
  BY_FLAG.set(def.enable, { def, on: true });
  if (def.disable) BY_FLAG.set(def.disable, { def, on: false });
}

/** The names of every flag this release emulates, enable and disable forms. */
export const KNOWN_FLAG_NAMES: readonly string[] = [...BY_FLAG.keys()].sort();

/**
 * Every other flag workerd knows, by name, with the name of its opposite form (undefined for
 * single-name flags): accepted and ignored, since nothing workers-ws emulates depends on them.
 */
const UNEMULATED = new Map<string, string | undefined>();
for (const [enable, disable] of WORKERD_FLAG_PAIRS) {
  if (BY_FLAG.has(enable)) continue;
  UNEMULATED.set(enable, disable);
  UNEMULATED.set(disable, enable);
}
for (const name of WORKERD_SINGLE_FLAGS) if (!BY_FLAG.has(name)) UNEMULATED.set(name, undefined);

/** Every flag name workerd knows (emulated or not), for suggestions. */
const ALL_FLAG_NAMES: readonly string[] = [...KNOWN_FLAG_NAMES, ...UNEMULATED.keys()];

function unknownFlag(flag: unknown): CompatibilityError {
  const suggestion = typeof flag === "string" ? closestName(flag, ALL_FLAG_NAMES) : undefined;
  return new CompatibilityError(
    `Unknown compatibility flag ${describe(flag)}.${suggestion ? ` Did you mean "${suggestion}"?` : ""} Known WebSocket flags: ${KNOWN_FLAG_NAMES.join(", ")}; workerd's other flags (e.g. nodejs_compat) are accepted and not emulated.`,
  );
}

/**
 * Turns a compatibility date and flags into frozen settings, the way workerd does: each flag is on
 * from its default date, and an explicit enable or disable flag overrides the date. workerd's other
 * flags are accepted and listed in `unemulatedFlags`. Unknown flags (with the closest real name), a
 * flag given twice, or both forms of one flag are errors that name the problem. A date newer than
 * NEWEST_SUPPORTED_DATE is replaced by it and kept in `requestedCompatibilityDate`.
 */
export function resolveCompat(options: CompatOptions = {}): CompatSettings {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new CompatibilityError(
      `resolveCompat() needs an object like { compatibilityDate, compatibilityFlags }, got ${describe(options)}.`,
    );
  }
  const given = checkDate(options.compatibilityDate ?? DEFAULT_COMPATIBILITY_DATE);
  const date = given > NEWEST_SUPPORTED_DATE ? NEWEST_SUPPORTED_DATE : given;
  const flags = options.compatibilityFlags ?? [];
  if (!Array.isArray(flags)) {
    throw new CompatibilityError(
      `compatibilityFlags must be an array of flag names, got ${describe(flags)}.`,
    );
  }
  const settings = {} as Record<CompatSettingName, boolean>;
  for (const def of COMPAT_FLAGS) {
    settings[def.setting] = def.defaultOn !== undefined && date >= def.defaultOn;
  }
  const seen = new Map<CompatSettingName | string, string>();
  const unemulated: string[] = [];
  for (const flag of flags) {
    const entry = typeof flag === "string" ? BY_FLAG.get(flag) : undefined;
    if (!entry) {
      if (typeof flag !== "string" || !UNEMULATED.has(flag)) throw unknownFlag(flag);
      // workerd refuses these too: the same name twice, or both forms of one flag.
      const opposite = UNEMULATED.get(flag);
      const earlier = seen.get(flag) ?? (opposite === undefined ? undefined : seen.get(opposite));
      if (earlier !== undefined) throw repeatedFlag(earlier, flag);
      seen.set(flag, flag);
      unemulated.push(flag);
      continue;
    }
    const earlier = seen.get(entry.def.setting);
    if (earlier !== undefined) throw repeatedFlag(earlier, flag);
    seen.set(entry.def.setting, flag);
    settings[entry.def.setting] = entry.on;
  }
  return Object.freeze({
    ...settings,
    compatibilityDate: date,
    compatibilityFlags: Object.freeze([...flags]),
    requestedCompatibilityDate: given === date ? undefined : given,
    unemulatedFlags: Object.freeze(unemulated),
  });
}

function repeatedFlag(earlier: string, flag: string): CompatibilityError {
  return new CompatibilityError(
    earlier === flag
      ? `Compatibility flag ${flag} is given twice.`
      : `Compatibility flags ${earlier} and ${flag} contradict each other.`,
  );
}
