/**
 * Bad input, table-driven: every public function and method gets every kind of wrong argument.
 * Each call must return, or throw an Error (or DOMException) that is either the argument's own
 * exception (a throwing getter, toString or revoked proxy) or a typed error naming the problem;
 * never an internal crash ("Cannot read properties of undefined"), never a hang, never an uncaught
 * error. The outcomes are written as a table to docs/reliability-bad-input.md (a file snapshot:
 * a change in behaviour shows up as a diff of that table; update it with `vitest -u`).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRuntime, type Runtime, settle } from "workers-ws";
import { ArgumentTrap, BAD_VALUES } from "./bad-input/bad-values.js";
import { CALLS as API_CALLS } from "./bad-input/calls.js";
import { DURABLE_OBJECT_CALLS } from "./bad-input/durable-object-calls.js";
import { MATCHER_CALLS } from "./bad-input/matcher-calls.js";

const CALLS = [...API_CALLS, ...DURABLE_OBJECT_CALLS, ...MATCHER_CALLS];

/** Messages that mean our code, not the argument, failed. */
const INTERNAL_FAILURE =
  /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Cannot convert object to primitive|Cannot convert undefined or null to object|called on non-object|undefined is not|null is not|Maximum call stack|internal error|private member|Do not know how to serialize|Cannot perform Construct on a detached/;

/** Errors a bad argument may legitimately raise by itself, whatever function it is given to. */
const ARGUMENT_OWN = /on a proxy that has been revoked|^(toString|getter) trap/;

const HANG_MS = 2_000;

let runtime: Runtime;
let deactivate: () => void;
beforeAll(() => {
  runtime = createRuntime({ compatibilityDate: "2026-11-01" });
  deactivate = runtime.activate();
});
afterAll(() => {
  runtime.dispose();
  deactivate();
});

interface Result {
  readonly outcome: "ok" | "threw" | "hung";
  readonly errorClass?: string;
  readonly message?: string;
}

async function attempt(run: () => unknown): Promise<Result> {
  try {
    const value = run();
    if (value instanceof Promise) {
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<"hung">((resolve) => {
        timer = setTimeout(() => resolve("hung"), HANG_MS);
      });
      const settled = await Promise.race([value.then(() => "ok" as const), hung]);
      clearTimeout(timer);
      if (settled === "hung") return { outcome: "hung" };
    }
    return { outcome: "ok" };
  } catch (error) {
    const ctor = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof error;
    const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
    return { outcome: "threw", errorClass: ctor, message };
  }
}

/** Shortened, with lone surrogates spelled out (a file cannot hold them: UTF-8 has no form for them). */
const short = (text: string): string => {
  const message = text.replace(/\s*\n+\s*/g, " ");
  return (message.length > 140 ? `${message.slice(0, 137)}…` : message).replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );
};

it("every public function answers every kind of wrong argument with a value or a clear error", async () => {
  const rows: Array<{ api: string; workers: boolean; results: Result[] }> = [];
  const problems: string[] = [];
  for (const call of CALLS) {
    const results: Result[] = [];
    for (const bad of BAD_VALUES) {
      const result = await attempt(() => call.run(bad.make()));
      results.push(result);
      const where = `${call.api} with ${bad.name}`;
      if (result.outcome === "hung") problems.push(`${where}: did not settle within ${HANG_MS} ms`);
      if (result.outcome !== "threw") continue;
      const message = result.message ?? "";
      if (
        result.errorClass === "string" ||
        result.errorClass === "object" ||
        result.errorClass === "undefined"
      ) {
        problems.push(`${where}: threw a non-error value`);
      } else if (INTERNAL_FAILURE.test(message) && !ARGUMENT_OWN.test(message)) {
        problems.push(`${where}: internal failure ${result.errorClass}: ${message}`);
      }
    }
    rows.push({ api: call.api, workers: call.workers, results });
  }
  // Deliveries the calls started (a send, a close, a connection attempt) finish without escaping.
  await settle();
  expect(problems).toEqual([]);

  // The table in the docs.
  const header = `| call | ${BAD_VALUES.map((v) => v.name).join(" | ")} |`;
  const rule = `| --- | ${BAD_VALUES.map(() => "---").join(" | ")} |`;
  const cell = (r: Result): string =>
    r.outcome === "threw"
      ? r.message && ARGUMENT_OWN.test(r.message)
        ? "(own)"
        : String(r.errorClass)
      : r.outcome;
  const lines = rows.map(
    (row) => `| \`${row.api}\`${row.workers ? " ᵂ" : ""} | ${row.results.map(cell).join(" | ")} |`,
  );
  const messages = new Map<string, string[]>();
  rows.forEach((row) => {
    row.results.forEach((r, i) => {
      if (r.outcome !== "threw" || (r.message && ARGUMENT_OWN.test(r.message))) return;
      // A matcher's failed expectation says what it saw, not what was wrong with the call.
      if (r.errorClass === "AssertionError" || r.errorClass === "JestExtendError") return;
      // Messages that quote the wrong value are grouped by their text up to "got".
      const key = `${r.errorClass}: ${short((r.message ?? "").replace(/\bgot .*$/s, "got …"))}`;
      const list = messages.get(key) ?? [];
      list.push(`\`${row.api}\` (${BAD_VALUES[i]?.name})`);
      messages.set(key, list);
    });
  });
  const messageLines = [...messages]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([key, where]) =>
        `- **${key.replace(/\|/g, "\\|")}**: ${where.slice(0, 4).join(", ")}${where.length > 4 ? `, and ${where.length - 4} more` : ""}`,
    );
  const table = [
    "<!-- Generated by test/reliability/bad-input.test.ts; update with: npx vitest run --config vitest.workspace.ts --project reliability -u -->",
    "# Bad input: what each public call gives",
    "",
    `Every call below was made with each wrong argument (${CALLS.length} calls × ${BAD_VALUES.length} values). A cell is`,
    "`ok` (returned normally), the class of the error thrown, or `(own)` when the argument's own",
    "getter, toString or revoked proxy threw and the call let that propagate. ᵂ marks Workers APIs: their",
    "errors are compared with workerd by test/conformance/scenarios/30-bad-input.js. No call crashed, hung or",
    "left an uncaught error. For the matchers (`expect(…)` rows), `JestExtendError` is a failed expectation",
    "that says what the socket did; a mistaken call is a `TypeError` that says how the matcher was called.",
    "",
    header,
    rule,
    ...lines,
    "",
    "## Messages",
    "",
    ...messageLines,
    "",
  ].join("\n");
  await expect(table).toMatchFileSnapshot("../../docs/reliability-bad-input.md");
  expect(ArgumentTrap.name).toBe("ArgumentTrap");
});
