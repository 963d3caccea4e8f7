/**
 * Routes the hosts of the wrangler config's `route`/`routes` to the Worker's `main` in memory, the
 * Worker SELF reaches, with the running file's `env`: a page's `new WebSocket(url)` and `fetch()`,
 * and the test's own fetch(), reach the project's Worker on its own domain, Durable Objects and all.
 * Each request goes through SELF (read when it arrives, so with isolate: false the next file's
 * env and objects answer). A host the `routes` option also names keeps that route.
 */
import { routeWorker } from "workers-ws";
import { currentFileBindings } from "./current-bindings.js";

export function routeWorkerHosts(hosts: readonly string[], routedByOption: readonly string[]): void {
  const taken = new Set(routedByOption.map((pattern) => pattern.toLowerCase()));
  for (const host of hosts) {
    if (taken.has(host)) continue;
    routeWorker(host, {
      fetch: (request: Request) => currentFileBindings().self.fetch(request),
    });
  }
}
