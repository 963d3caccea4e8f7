// Exact comparison of two traces, and a readable line diff when they differ. Each trace entry is one
// line (its JSON), so a diff shows which observations were missing, extra or changed.

/** One line per entry; key order is the order the tracer wrote, the same on both sides. */
export function traceLines(trace) {
  return trace.map((entry) => JSON.stringify(entry));
}

export function tracesEqual(expected, actual) {
  const a = traceLines(expected);
  const b = traceLines(actual);
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/**
 * The edit script between two line lists via a longest-common-subsequence table (traces are at most
 * a few hundred lines, so the quadratic table is cheap). Returns [{ op: " " | "-" | "+", line }].
 */
export function diffLines(expected, actual) {
  const n = expected.length;
  const m = actual.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = expected[i] === actual[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const script = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (expected[i] === actual[j]) {
      script.push({ op: " ", line: expected[i++] });
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      script.push({ op: "-", line: expected[i++] });
    } else {
      script.push({ op: "+", line: actual[j++] });
    }
  }
  while (i < n) script.push({ op: "-", line: expected[i++] });
  while (j < m) script.push({ op: "+", line: actual[j++] });
  return script;
}

/**
 * A unified-style diff of workerd (-) against the emulation (+), keeping `context` unchanged lines
 * around each change and eliding the rest.
 */
export function unifiedDiff(expected, actual, context = 3) {
  const script = diffLines(traceLines(expected), traceLines(actual));
  const keep = script.map(() => false);
  script.forEach(({ op }, index) => {
    if (op === " ") return;
    for (let k = Math.max(0, index - context); k <= Math.min(script.length - 1, index + context); k++)
      keep[k] = true;
  });
  const out = [];
  let skipped = 0;
  script.forEach(({ op, line }, index) => {
    if (!keep[index]) {
      skipped++;
      return;
    }
    if (skipped > 0) out.push(`  … ${skipped} identical line${skipped === 1 ? "" : "s"}`);
    skipped = 0;
    out.push(`${op} ${line}`);
  });
  if (skipped > 0) out.push(`  … ${skipped} identical line${skipped === 1 ? "" : "s"}`);
  return out;
}
