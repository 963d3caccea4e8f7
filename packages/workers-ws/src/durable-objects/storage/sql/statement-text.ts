/**
 * Reading SQL text the way exec() needs it: workerd runs every statement of the text and returns
 * the last one's cursor, so the text is split into statements (quotes, identifiers and comments
 * respected; a CREATE TRIGGER body kept whole), and each statement's parameters are counted
 * (workerd refuses a call whose bindings do not match: "Wrong number of parameter bindings").
 */

export interface SqlStatementText {
  readonly sql: string;
  /** How many values the statement binds (`?`, `?NNN`, `:name`, `@name`, `$name`). */
  readonly parameters: number;
  /** The first keyword, upper-cased ("SELECT", "BEGIN", …). */
  readonly keyword: string;
}

export function splitStatements(text: string): SqlStatementText[] {
  const statements: SqlStatementText[] = [];
  let start = 0;
  let i = 0;
  let positional = 0;
  let highestNumbered = 0;
  const named = new Set<string>();
  const finish = (end: number) => {
    const sql = text.slice(start, end).trim();
    const keyword = /^[A-Za-z]+/.exec(stripLeadingComments(sql))?.[0]?.toUpperCase() ?? "";
    if (sql !== "" && stripLeadingComments(sql) !== "") {
      statements.push({ sql, parameters: Math.max(positional, highestNumbered) + named.size, keyword });
    }
    positional = 0;
    highestNumbered = 0;
    named.clear();
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === "`") {
      i = skipQuoted(text, i, c);
    } else if (c === "[") {
      const close = text.indexOf("]", i + 1);
      i = close === -1 ? text.length : close + 1;
    } else if (c === "-" && text[i + 1] === "-") {
      const eol = text.indexOf("\n", i);
      i = eol === -1 ? text.length : eol + 1;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (c === "?") {
      const digits = /^\d+/.exec(text.slice(i + 1))?.[0];
      if (digits) highestNumbered = Math.max(highestNumbered, Number(digits), positional);
      else positional = Math.max(positional, highestNumbered) + 1;
      i += 1 + (digits?.length ?? 0);
    } else if ((c === ":" || c === "@" || c === "$") && /[A-Za-z_]/.test(text[i + 1] ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0] as string;
      named.add(c + name);
      i += 1 + name.length;
    } else if (c === ";" && !insideTriggerBody(text.slice(start, i))) {
      finish(i);
      i++;
      start = i;
    } else {
      i++;
    }
  }
  finish(text.length);
  return statements;
}

function skipQuoted(text: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}

function stripLeadingComments(sql: string): string {
  let rest = sql.trimStart();
  for (;;) {
    if (rest.startsWith("--")) {
      const eol = rest.indexOf("\n");
      rest = eol === -1 ? "" : rest.slice(eol + 1).trimStart();
    } else if (rest.startsWith("/*")) {
      const close = rest.indexOf("*/");
      rest = close === -1 ? "" : rest.slice(close + 2).trimStart();
    } else {
      return rest;
    }
  }
}

/** A CREATE TRIGGER's body holds `;`s until its closing END. */
function insideTriggerBody(statementSoFar: string): boolean {
  const text = stripLeadingComments(statementSoFar);
  if (!/^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(text)) return false;
  if (!/\bBEGIN\b/i.test(text)) return false;
  return !/\bEND\s*$/i.test(text);
}
