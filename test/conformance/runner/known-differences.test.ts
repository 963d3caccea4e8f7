import { describe, expect, it } from "vitest";
import { diffLines } from "./compare.mjs";
import { findKnownDifference } from "./known-differences.mjs";

const entry = {
  case: "42-do-lifecycle/abortWithReason",
  extraLines: ['^\\{"log":"object: code after abort'],
  reason: "JavaScript cannot stop its own caller",
};
const workerd = ['{"log":"a"}', '{"log":"b"}'];

describe("known differences with extraLines", () => {
  it("accept a diff made only of matching lines the emulation adds", () => {
    const script = diffLines(workerd, [
      '{"log":"a"}',
      '{"log":"object: code after abort runs"}',
      '{"log":"b"}',
    ]);
    expect(findKnownDifference([entry], entry.case, "2024-01-01", script)).toBe(entry);
  });

  it("refuse any other change in the same case", () => {
    const missing = diffLines(workerd, ['{"log":"a"}']);
    const otherExtra = diffLines(workerd, [...workerd, '{"log":"something new"}']);
    expect(findKnownDifference([entry], entry.case, "2024-01-01", missing)).toBeUndefined();
    expect(findKnownDifference([entry], entry.case, "2024-01-01", otherExtra)).toBeUndefined();
  });
});
