import type { Runtime } from "workers-ws";
import type { OpenSocketsPolicy } from "../options.js";
import { reportLeftovers } from "../report-leftovers.js";
import { type OpenPageRecord, openPagesOf } from "./open-page.js";

/** Stack frames shown per page. */
const FRAMES_PER_PAGE = 4;

/** "workers-ws: 1 browser page was still open when the test file ended; closed now." and where each was opened. */
export function describeOpenPages(pages: readonly OpenPageRecord[]): string {
  const lines = [
    `workers-ws: ${pages.length} browser page${pages.length === 1 ? " was" : "s were"} still open when the test file ended; closed now (await page.close() ends one).`,
  ];
  pages.forEach((page, i) => {
    const sockets = page.sockets.size;
    const open = sockets === 0 ? "" : ` with ${sockets} WebSocket${sockets === 1 ? "" : "s"} open`;
    lines.push(`  ${i + 1}. ${page.url}${open}, opened at:`);
    const frames = page.openedAt
      .split("\n")
      .map((frame) => frame.trim())
      .filter(Boolean)
      .slice(0, FRAMES_PER_PAGE);
    for (const frame of frames.length > 0 ? frames : ["(no stack)"]) lines.push(`       ${frame}`);
  });
  return lines.join("\n");
}

/**
 * Closes the pages a file left open (their sockets first, with 1001 as a page that goes away)
 * and reports them by the openSockets policy. `keep` is the environment's own page (the `page`
 * option): left open here, as it lives until the environment's teardown.
 */
export async function closeLeftoverPages(
  runtime: Runtime,
  policy: OpenSocketsPolicy,
  failure: "throw" | "report",
  keep?: OpenPageRecord,
): Promise<void> {
  const pages = [...openPagesOf(runtime)].filter((page) => page !== keep);
  if (pages.length === 0) return;
  // Described before closing: the report says how many sockets each page still had open.
  const report = describeOpenPages(pages);
  for (const page of pages) await page.close();
  reportLeftovers(report, policy, failure);
}
