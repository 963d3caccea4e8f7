/**
 * Worker code may use JavaScript that workerd's V8 has and an older Node lacks (iterator helpers
 * are used by popular Workers libraries); there it fails with a ReferenceError or an
 * "is not a function" TypeError that says nothing about the cause. The environment warns once per
 * process when this Node lacks a built-in of ES2025 or earlier, all of which workerd 2026-11-17 has
 * (probed in workerd at 2024-01-01 and 2026-11-01: the language level follows the workerd build,
 * not the compatibility date). Node 24 has them all; Node 20 and 22 do not.
 */
/** Whether `owner[name]` is a function (read loosely: the names are newer than this build's lib). */
function has(owner: unknown, name: string): boolean {
  return typeof (owner as Record<string, unknown> | undefined)?.[name] === "function";
}

const global = globalThis as Record<string, unknown>;
const ES2025_BUILT_INS: readonly (readonly [name: string, present: () => boolean])[] = [
  ["Object.groupBy (ES2024)", () => has(Object, "groupBy")],
  ["Promise.withResolvers (ES2024)", () => has(Promise, "withResolvers")],
  ["ArrayBuffer.prototype.transfer (ES2024)", () => has(ArrayBuffer.prototype, "transfer")],
  [
    "iterator helpers (ES2025)",
    () => has((global.Iterator as { prototype?: unknown } | undefined)?.prototype, "map"),
  ],
  ["Set methods (ES2025)", () => has(Set.prototype, "union")],
  ["Promise.try (ES2025)", () => has(Promise, "try")],
  ["RegExp.escape (ES2025)", () => has(RegExp, "escape")],
  ["Float16Array (ES2025)", () => has(global, "Float16Array")],
];

/** The ES2025-or-older built-ins workerd has and this Node lacks (empty on Node 24 and newer). */
export function missingLanguageFeatures(): string[] {
  return ES2025_BUILT_INS.filter(([, present]) => !present()).map(([name]) => name);
}

/** The warning, or undefined when nothing is missing. */
export function languageLevelWarning(missing: readonly string[], nodeVersion: string): string | undefined {
  if (missing.length === 0) return undefined;
  return `workers-ws: Node ${nodeVersion} lacks JavaScript that workerd has: ${missing.join(", ")}. Worker code using it works in workerd but fails here (ReferenceError, or "… is not a function"); run the tests on Node 24 or newer.`;
}

// On the global object, so that a second copy of this package in the process stays quiet too.
const WARNED = Symbol.for("vitest-environment-workers-ws.language-level-warned");

/** Prints the warning at most once per process (each Vitest worker is one). */
export function warnOnceAboutLanguageLevel(warn: (message: string) => void = console.warn): void {
  const holder = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (holder[WARNED]) return;
  holder[WARNED] = true;
  const warning = languageLevelWarning(missingLanguageFeatures(), process.version);
  if (warning !== undefined) warn(warning);
}
