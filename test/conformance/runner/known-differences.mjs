// Accepted differences between workerd and the emulation, read from known-differences.json:
//
//   [{ "case": "07-close-client-initiated/clientCloses",
//      "configurations": ["2024-01-01"],          // optional; omitted = every configuration
//      "reason": "why this difference is accepted" }]
//
// A listed difference is reported as "accepted" instead of failing the run. The list should be empty.

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
    if (entry.configurations !== undefined && !Array.isArray(entry.configurations)) {
      throw new Error(`${where}: "configurations" must be an array of configuration ids when present.`);
    }
  });
  return entries;
}

/** The entry that accepts a difference in `caseId` under `configurationId`, if any. */
export function findKnownDifference(entries, caseId, configurationId) {
  return entries.find(
    (entry) =>
      entry.case === caseId &&
      (entry.configurations === undefined || entry.configurations.includes(configurationId)),
  );
}
