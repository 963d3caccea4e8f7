import type { Runtime } from "workers-ws";
import type { OpenSocketsPolicy } from "./options.js";
import { reportLeftovers } from "./report-leftovers.js";

/** Describes servers from serve() that a file left listening, for a person. */
export function describeListeningServers(urls: readonly string[]): string {
  const which = urls.length === 1 ? "server from serve() was" : "servers from serve() were";
  return `workers-ws: ${urls.length} ${which} still listening when the test file ended (${urls.join(", ")}); closed now.`;
}

/**
 * Stops every server and outbound connection the runtime still has on the network, so none
 * outlives the file (with isolate: false, the next file shares the process). Servers left
 * listening are reported as open sockets are, by the same policy.
 */
export async function closeLeftoverNetwork(
  runtime: Runtime,
  policy: OpenSocketsPolicy,
  /** "throw" inside a test hook (the failure belongs to the file); "report" from teardown. */
  failure: "throw" | "report",
): Promise<void> {
  const urls = runtime.listeningServers();
  await runtime.closeNetwork();
  if (urls.length > 0) reportLeftovers(describeListeningServers(urls), policy, failure);
}
