// The only rewriting applied to traces before they are compared: values that differ from run to run
// in workerd itself, whatever the emulation does. Each rule is listed in the report and the README.
// Everything else is compared exactly.

export const NORMALISATIONS = [
  {
    id: "loopback-port",
    description:
      "A port on a loopback address (127.0.0.1:40643, localhost:8080, [::1]:9000) becomes <port>: the runner picks a free port per run.",
    pattern: /\b(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}\b/g,
    replacement: "$1:<port>",
  },
  {
    id: "internal-error-reference",
    description:
      'workerd\'s per-error id in "internal error; reference = <id>" becomes <ref>: workerd makes a new random id for every internal error.',
    pattern: /internal error; reference = [0-9a-z]+/gi,
    replacement: "internal error; reference = <ref>",
  },
];

/**
 * Returns a copy of `trace` with every string (values and object keys' values, at any depth) rewritten
 * by the rules above. `counts` (rule id → number) is incremented for every rewrite, for the report.
 */
export function normaliseTrace(trace, counts = {}) {
  const visit = (value) => {
    if (typeof value === "string") return normaliseString(value, counts);
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item)]));
    }
    return value;
  };
  return visit(trace);
}

function normaliseString(text, counts) {
  let result = text;
  for (const { id, pattern, replacement } of NORMALISATIONS) {
    result = result.replace(pattern, (...match) => {
      counts[id] = (counts[id] ?? 0) + 1;
      return match[0].replace(new RegExp(pattern.source, pattern.flags.replace("g", "")), replacement);
    });
  }
  return result;
}
