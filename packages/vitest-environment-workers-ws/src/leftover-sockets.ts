import type { LiveSocket, Runtime } from "workers-ws";
import { reportLeftovers } from "./report-leftovers.js";

export { OpenSocketsError } from "./report-leftovers.js";

import { formatReadyState } from "./matchers/format-transcript.js";
import type { OpenSocketsPolicy } from "./options.js";

/** Describes open sockets for a person: how many, their state, and where each was created. */
export function describeOpenSockets(open: readonly LiveSocket[]): string {
  if (!Array.isArray(open) || !open.every(isLiveSocketEntry)) {
    throw new TypeError(
      "describeOpenSockets() needs the list runtime.dispose() returns: entries of { readyState, createdAt }.",
    );
  }
  const lines = [
    `workers-ws: ${open.length} WebSocket${open.length === 1 ? " was" : "s were"} still open when the test file ended; closed now.`,
  ];
  open.forEach((entry, i) => {
    lines.push(`  ${i + 1}. readyState ${formatReadyState(entry.readyState)}, created at:`);
    const frames = entry.createdAt.split("\n").filter(Boolean).slice(0, 4);
    for (const frame of frames.length > 0 ? frames : ["(no stack)"]) lines.push(`       ${frame}`);
  });
  return lines.join("\n");
}

function isLiveSocketEntry(entry: unknown): entry is LiveSocket {
  if (typeof entry !== "object" || entry === null) return false;
  const { readyState, createdAt } = entry as Partial<LiveSocket>;
  return typeof readyState === "number" && typeof createdAt === "string";
}

/**
 * Closes whatever the runtime still holds open (the runtime closes every WebSocket when a worker
 * goes away) and reports it according to the policy.
 */
export async function closeLeftoverSockets(
  runtime: Runtime,
  policy: OpenSocketsPolicy,
  /** "throw" inside a test hook (the failure belongs to the file); "report" from teardown. */
  failure: "throw" | "report",
): Promise<void> {
  await runtime.settle();
  const open = runtime.dispose();
  await runtime.settle();
  if (open.length > 0) reportLeftovers(describeOpenSockets(open), policy, failure);
}
