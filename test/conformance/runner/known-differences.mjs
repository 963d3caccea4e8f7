// Accepted differences between workerd and the emulation, read from known-differences.json:
//
//   [{ "case": "07-close-client-initiated/clientCloses",
//      "configurations": ["2024-01-01"],          // optional; omitted = every configuration
//      "extraLines": ["^\\{\"log\":\"object: code after"], // optional, see below
//      "reason": "why this difference is accepted" }]
//
// A listed difference is reported as "accepted" instead of failing the run. The list should be empty,
// or hold only what JavaScript cannot do. With `extraLines` (regular expressions), an entry accepts
// only a difference made of lines the emulation has in addition, each matching one of them: any
// other change in that case still fails, so the entry cannot hide a new difference.

import { readFileSync } from "node:fs";
import path from "node:path";
import { CONFORMANCE_DIR } from "./scenario-files.mjs";

export const KNOWN_DIFFERENCES_FILE = path.join(CONFORMANCE_DIR, "known-differences.json");

export function loadKnownDifferences(file = KNOWN_DIFFERENCES_FILE) {
  const entries = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(entries)) throw new Error(`${file} must hold a JSON array.`);
  entries.forEach((entry, index) => {
    const where = `${path.basename(file)}[${index}]`;
    if (typeof entry?.case !== "string") throw new Error(`${where}: "case" must be "NN-file/caseName".`);
    if (typeof entry.reason !== "string" || entry.reason.trim() === "")
      throw new Error(`${where}: every accepted difference needs a "reason".`);
    if (
      entry.extraLines !== undefined &&
      (!Array.isArray(entry.extraLines) || !entry.extraLines.every((p) => typeof p === "string"))
    ) {
      throw new Error(`${where}: "extraLines" must be an array of regular expressions (strings).`);
    }
    if (entry.configurations !== undefined && !Array.isArray(entry.configurations)) {
      throw new Error(`${where}: "configurations" must be an array of configuration ids when present.`);
    }
  });
  return entries;
}

/**
 * The entry that accepts a difference in `caseId` under `configurationId`, if any. `script` is the
 * line diff (compare.mjs diffLines: { op, line }), checked against an entry's `extraLines`.
 */
export function findKnownDifference(entries, caseId, configurationId, script = []) {
  return entries.find(
    (entry) =>
      entry.case === caseId &&
      (entry.configurations === undefined || entry.configurations.includes(configurationId)) &&
      (entry.extraLines === undefined || onlyExtraLines(script, entry.extraLines)),
  );
}

function onlyExtraLines(script, patterns) {
  const expressions = patterns.map((pattern) => new RegExp(pattern));
  return script.every(
    ({ op, line }) => op === " " || (op === "+" && expressions.some((expression) => expression.test(line))),
  );
}
