import { COMPAT_FLAGS, type CompatFlagDefinition, type CompatSettingName } from "./flags.js";

/** Every WebSocket-related runtime behaviour switch, resolved from a date and flags. */
export type CompatSettings = Readonly<Record<CompatSettingName, boolean>> & {
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
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

/** The newest date we accept, like workerd refusing dates past its own build. */
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
  if (date > NEWEST_SUPPORTED_DATE) {
    throw new CompatibilityError(
      `compatibilityDate ${date} is newer than the newest date this release knows (${NEWEST_SUPPORTED_DATE}).`,
    );
  }
  return date;
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

/** The names of every flag this release understands, enable and disable forms. */
export const KNOWN_FLAG_NAMES: readonly string[] = [...BY_FLAG.keys()].sort();

/**
 * Turns a compatibility date and flags into frozen settings, the way workerd does: each flag is on
 * from its default date, and an explicit enable or disable flag overrides the date. Unknown flags,
 * a flag given twice, or both forms of one flag are errors that name the problem.
 */
export function resolveCompat(options: CompatOptions = {}): CompatSettings {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new CompatibilityError(
      `resolveCompat() needs an object like { compatibilityDate, compatibilityFlags }, got ${describe(options)}.`,
    );
  }
  const date = checkDate(options.compatibilityDate ?? DEFAULT_COMPATIBILITY_DATE);
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
  const seen = new Map<CompatSettingName, string>();
  for (const flag of flags) {
    const entry = typeof flag === "string" ? BY_FLAG.get(flag) : undefined;
    if (!entry) {
      throw new CompatibilityError(
        `Unknown compatibility flag ${describe(flag)}. Known WebSocket flags: ${KNOWN_FLAG_NAMES.join(", ")}.`,
      );
    }
    const earlier = seen.get(entry.def.setting);
    if (earlier !== undefined) {
      throw new CompatibilityError(
        earlier === flag
          ? `Compatibility flag ${flag} is given twice.`
          : `Compatibility flags ${earlier} and ${flag} contradict each other.`,
      );
    }
    seen.set(entry.def.setting, flag);
    settings[entry.def.setting] = entry.on;
  }
  return Object.freeze({
    ...settings,
    compatibilityDate: date,
    compatibilityFlags: Object.freeze([...flags]),
  });
}
