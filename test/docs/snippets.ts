/**
 * The ```ts and ```js blocks of the READMEs, as a user copies them, and how each one is checked:
 * - a block that is a whole module (the usual case) parses and type-checks as one;
 * - a block that is members of Vitest's `test` config (it starts with `name: value`, as
 *   `environmentOptions: {…},` does) parses and type-checks inside `{ … }` of that type. Parsed as
 *   a module, `test: { setupFiles: […]; }` would be a valid label and block, which is how a `;`
 *   inside an object literal went unnoticed; read as members, it is the syntax error a user gets.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import ts from "typescript";

export interface Snippet {
  /** README path relative to the repository root, and the line of the opening fence. */
  readonly source: string;
  readonly line: number;
  readonly lang: "ts" | "js";
  readonly code: string;
  readonly kind: "module" | "test-config-members";
}

const FENCE = /^```(\S*)\s*$/;

export function snippetsOf(path: string, root: string): Snippet[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !FENCE.test(lines[i] as string); i++) body.push(lines[i] as string);
    const lang = open[1];
    if (lang !== "ts" && lang !== "js") continue;
    const code = `${body.join("\n")}\n`;
    snippets.push({ source: relative(root, path), line: start + 1, lang, code, kind: kindOf(code) });
  }
  return snippets;
}

/** Members of an object literal when its first statement is a label (`name: value`) or a quoted key. */
function kindOf(code: string): Snippet["kind"] {
  const file = ts.createSourceFile("snippet.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const first = file.statements[0];
  if (first && ts.isLabeledStatement(first)) return "test-config-members";
  return /^\s*(\/\/.*\n\s*)*["']?[\w-]+["']?\s*:/.test(code) ? "test-config-members" : "module";
}

/** The text that is parsed and type-checked for a snippet (the snippet itself, or it in context). */
export function checkedText(snippet: Snippet): string {
  if (snippet.kind === "module") return `${snippet.code}export {};\n`;
  return `import type { ViteUserConfig } from "vitest/config";\n\nexport const members = {\n${snippet.code}} satisfies NonNullable<ViteUserConfig["test"]>;\n`;
}

/** Syntax errors only, as a user's editor shows them on paste. */
export function syntaxErrors(snippet: Snippet): string[] {
  const result = ts.transpileModule(checkedText(snippet), {
    reportDiagnostics: true,
    fileName: `snippet.${snippet.lang === "js" ? "mjs" : "mts"}`,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
