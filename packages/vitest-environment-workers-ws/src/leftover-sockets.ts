import { type LiveSocket, type Runtime, UNSAMPLED_SITE } from "workers-ws";
import { reportLeftovers } from "./report-leftovers.js";

export { OpenSocketsError } from "./report-leftovers.js";

import { formatReadyState } from "./matchers/format-transcript.js";
import type { OpenSocketsPolicy } from "./options.js";

/** Creation sites listed one by one in a report; the rest are summed up on one line. */
const MAX_SITES_LISTED = 10;
/** Stack frames shown per creation site. */
const FRAMES_PER_SITE = 4;

interface SiteGroup {
  readonly createdAt: string;
  readonly sockets: LiveSocket[];
}

/**
 * Describes open sockets for a person: how many, and per creation site how many were created
 * there, their states, and whether they are the two ends of one connection. Sockets made in a
 * loop share a site, so 20,000 of them read as one entry; at most ten sites are listed.
 */
export function describeOpenSockets(open: readonly LiveSocket[]): string {
  if (!Array.isArray(open) || !open.every(isLiveSocketEntry)) {
    throw new TypeError(
      "describeOpenSockets() needs the list runtime.dispose() returns: entries of { readyState, createdAt }.",
    );
  }
  const lines = [
    `workers-ws: ${count(open.length)} WebSocket${open.length === 1 ? " was" : "s were"} still open when the test file ended; closed now.`,
  ];
  const groups = groupBySite(open);
  groups.slice(0, MAX_SITES_LISTED).forEach((group, i) => {
    lines.push(`  ${i + 1}. ${describeGroup(group.sockets)}, created at:`);
    const frames = group.createdAt.split("\n").filter(Boolean).slice(0, FRAMES_PER_SITE);
    for (const frame of frames.length > 0 ? frames : ["(no stack)"]) lines.push(`       ${frame}`);
  });
  const rest = groups.slice(MAX_SITES_LISTED);
  if (rest.length > 0) {
    const sockets = rest.reduce((sum, group) => sum + group.sockets.length, 0);
    lines.push(
      `  … and ${count(sockets)} more WebSocket${sockets === 1 ? "" : "s"} created at ${count(rest.length)} other place${rest.length === 1 ? "" : "s"} (not listed).`,
    );
  }
  return lines.join("\n");
}

function groupBySite(open: readonly LiveSocket[]): SiteGroup[] {
  const bySite = new Map<string, SiteGroup>();
  for (const entry of open) {
    let group = bySite.get(entry.createdAt);
    if (!group) {
      group = { createdAt: entry.createdAt, sockets: [] };
      bySite.set(entry.createdAt, group);
    }
    group.sockets.push(entry);
  }
  // Sockets whose site was not sampled (made while 1,000 or more were open) come last: the
  // sampled sites name where such sockets are made.
  const unsampled = bySite.get(UNSAMPLED_SITE);
  bySite.delete(UNSAMPLED_SITE);
  return unsampled === undefined ? [...bySite.values()] : [...bySite.values(), unsampled];
}

/** "readyState 1 (OPEN)", "2 WebSockets, the two ends of one connection, readyState …", … */
function describeGroup(sockets: readonly LiveSocket[]): string {
  return describeSockets(sockets) + describeOwners(sockets);
}

/** ", accepted by ROOM (ChatRoom) <id>" for sockets a Durable Object accepted with acceptWebSocket(). */
function describeOwners(sockets: readonly LiveSocket[]): string {
  const owners = [...new Set(sockets.map((s) => s.owner).filter((o): o is string => o !== undefined))];
  return owners.length === 0 ? "" : `, accepted by ${owners.join(", ")}`;
}

function describeSockets(sockets: readonly LiveSocket[]): string {
  const states = describeStates(sockets);
  if (sockets.length === 1) return `readyState ${states}`;
  // Entries with one connection number are the two ends of a WebSocketPair (or of an upgrade:
  // the Worker's end and the end its caller got).
  const connections = new Map<number, number>();
  for (const { connection } of sockets) {
    if (connection !== undefined) connections.set(connection, (connections.get(connection) ?? 0) + 1);
  }
  const paired = [...connections.values()].filter((ends) => ends === 2).length;
  let what = `${count(sockets.length)} WebSockets`;
  if (sockets.length === 2 && paired === 1) what += ", the two ends of one connection";
  else if (paired > 0) what += ` (${count(paired)} connection${paired === 1 ? "" : "s"} with both ends open)`;
  return `${what}, readyState ${states}`;
}

function describeStates(sockets: readonly LiveSocket[]): string {
  const byState = new Map<number, number>();
  for (const { readyState } of sockets) byState.set(readyState, (byState.get(readyState) ?? 0) + 1);
  if (byState.size === 1) return formatReadyState(sockets[0]?.readyState ?? 0);
  return [...byState].map(([state, n]) => `${formatReadyState(state)} ×${count(n)}`).join(", ");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function isLiveSocketEntry(entry: unknown): entry is LiveSocket {
  if (typeof entry !== "object" || entry === null) return false;
  const { readyState, createdAt, connection } = entry as Partial<LiveSocket>;
  return (
    typeof readyState === "number" &&
    typeof createdAt === "string" &&
    (connection === undefined || typeof connection === "number")
  );
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
