/**
 * Wrangler's module rules: which non-JavaScript files a Worker may import, and as what. Defaults as
 * wrangler has them: `.txt`, `.html`, `.sql` as Text (a string), `.bin` as Data (an ArrayBuffer),
 * `.wasm` as CompiledWasm (a WebAssembly.Module). A config's own `rules` come first; a rule without
 * `fallthrough: true` ends the list for its type, so later rules of that type (defaults included)
 * no longer apply, as wrangler drops them.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { showConfigValue, type WranglerConfigError } from "./config-error.js";
import { globMatcher } from "./config-parsers.js";

/** The rule types workers-ws turns into modules. */
export const EMULATED_RULE_TYPES = ["Text", "Data", "CompiledWasm"] as const;
export type EmulatedRuleType = (typeof EMULATED_RULE_TYPES)[number];
/** JavaScript rule types: Vite already loads these files as modules. */
const SCRIPT_RULE_TYPES = ["ESModule", "CommonJS"] as const;
type RuleType = EmulatedRuleType | (typeof SCRIPT_RULE_TYPES)[number];

export interface ModuleRule {
  readonly type: RuleType;
  readonly globs: readonly string[];
  readonly fallthrough: boolean;
}

export const DEFAULT_MODULE_RULES: readonly ModuleRule[] = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"], fallthrough: false },
  { type: "Data", globs: ["**/*.bin"], fallthrough: false },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"], fallthrough: false },
];

/** Checks a config's `rules` and returns them followed by the defaults still in force. */
export function checkModuleRules(
  value: unknown,
  fail: (key: string, message: string) => WranglerConfigError,
): ModuleRule[] {
  const own: ModuleRule[] = [];
  if (value !== undefined) {
    if (!Array.isArray(value)) {
      throw fail("rules", `must be a list of { type, globs, fallthrough? }; got ${showConfigValue(value)}.`);
    }
    value.forEach((entry: unknown, index) => {
      const key = `rules[${index}]`;
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        throw fail(key, `must be an object { type, globs, fallthrough? }; got ${showConfigValue(entry)}.`);
      }
      const { type, globs, fallthrough } = entry as Record<string, unknown>;
      const known = [...EMULATED_RULE_TYPES, ...SCRIPT_RULE_TYPES] as readonly string[];
      if (typeof type !== "string" || !known.includes(type)) {
        throw fail(
          `${key}.type`,
          `${showConfigValue(type)} is not supported; workers-ws loads rules of type ${known.join(", ")} (Python modules are not emulated).`,
        );
      }
      if (!Array.isArray(globs) || globs.length === 0 || globs.some((glob) => typeof glob !== "string")) {
        throw fail(
          `${key}.globs`,
          `must be a non-empty list of glob strings; got ${showConfigValue(globs)}.`,
        );
      }
      if (fallthrough !== undefined && typeof fallthrough !== "boolean") {
        throw fail(`${key}.fallthrough`, `must be true or false; got ${showConfigValue(fallthrough)}.`);
      }
      own.push({ type: type as RuleType, globs: globs as string[], fallthrough: fallthrough === true });
    });
  }
  // wrangler: once a rule of a type does not fall through, later rules of that type are dropped.
  const closed = new Set<RuleType>();
  const rules: ModuleRule[] = [];
  for (const rule of [...own, ...DEFAULT_MODULE_RULES]) {
    if (closed.has(rule.type)) continue;
    rules.push(rule);
    if (!rule.fallthrough) closed.add(rule.type);
  }
  return rules;
}

/** A compiled rule list: the emulated type a file is imported as, or undefined (a normal module). */
export function moduleRuleMatcher(
  rules: readonly ModuleRule[],
  baseDir: string,
): (file: string) => EmulatedRuleType | undefined {
  const compiled = rules.map((rule) => ({
    type: rule.type,
    test: globMatcher()(rule.globs as string[], { dot: true }),
  }));
  return (file) => {
    const fromBase = relative(baseDir, file);
    const candidates = fromBase.startsWith("..") || isAbsolute(fromBase) ? [file] : [fromBase, file];
    for (const rule of compiled) {
      if (candidates.some((candidate) => rule.test(candidate))) {
        return (EMULATED_RULE_TYPES as readonly string[]).includes(rule.type)
          ? (rule.type as EmulatedRuleType)
          : undefined;
      }
    }
    return undefined;
  };
}

/**
 * The JavaScript module a rule makes of `file`, as wrangler's bundle would hand it to the Worker:
 * Text is the file decoded as UTF-8, Data its bytes as an ArrayBuffer, CompiledWasm a compiled
 * WebAssembly.Module. Bytes travel as base64 and are decoded with atob(), which Workers also have.
 */
export function ruleModuleSource(type: EmulatedRuleType, file: string): string {
  const bytes = readFileSync(file);
  if (type === "Text") return `export default ${JSON.stringify(bytes.toString("utf8"))};\n`;
  const decode = `Uint8Array.from(atob(${JSON.stringify(bytes.toString("base64"))}), (c) => c.charCodeAt(0))`;
  if (type === "Data") return `export default ${decode}.buffer;\n`;
  return `export default new WebAssembly.Module(${decode});\n`;
}
