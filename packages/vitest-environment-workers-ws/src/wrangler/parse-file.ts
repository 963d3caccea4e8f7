/**
 * Reads a wrangler config file into a plain object: wrangler.jsonc / wrangler.json with a real JSONC
 * parser (comments and trailing commas, as wrangler accepts them), wrangler.toml with a TOML 1.0
 * parser. A syntax error names the file, line and column.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { ParseError } from "jsonc-parser";
import { WranglerConfigError } from "./config-error.js";
import { jsoncParser, tomlParser } from "./config-parsers.js";

export const CONFIG_EXTENSIONS = [".jsonc", ".json", ".toml"] as const;

export function parseConfigFile(file: string): Record<string, unknown> {
  const extension = extname(file);
  if (!(CONFIG_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new WranglerConfigError(
      file,
      "",
      `a wrangler config file ends in ${CONFIG_EXTENSIONS.join(", ")} (wrangler.jsonc, wrangler.json or wrangler.toml).`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WranglerConfigError(
      file,
      "",
      code === "ENOENT"
        ? "the wrangler config file does not exist (the wrangler option's path starts at the Vitest project root)."
        : `the wrangler config file cannot be read (${(error as Error).message}).`,
    );
  }
  const parsed = extension === ".toml" ? parseTomlText(file, text) : parseJsoncText(file, text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new WranglerConfigError(file, "", "the config must be an object at its top level.");
  }
  return parsed as Record<string, unknown>;
}

function parseJsoncText(file: string, text: string): unknown {
  const errors: ParseError[] = [];
  const { parse, printParseErrorCode } = jsoncParser();
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) {
    const { line, column } = lineAndColumn(text, first.offset);
    throw new WranglerConfigError(
      file,
      "",
      `invalid JSONC at line ${line}, column ${column} (${printParseErrorCode(first.error)}).`,
    );
  }
  return value;
}

function parseTomlText(file: string, text: string): unknown {
  try {
    return tomlParser().parse(text);
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = typeof line === "number" ? ` at line ${line}, column ${column}` : "";
    const reason = String((error as Error).message)
      .split("\n")[0]
      ?.replace(/^Invalid TOML document: /, "");
    throw new WranglerConfigError(file, "", `invalid TOML${where} (${reason}).`);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
