// The hosts of a wrangler config's route/routes, which the environment routes to main in memory
// (wrangler/worker-hosts.ts, bindings/worker-host-routes.ts). End to end, with pages and a
// Durable Object, in fixtures/durable-chat/chat-page.test.ts.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnvironmentOptions, readWranglerConfig, routeWorker } from "vitest-environment-workers-ws";
import { routeWorkerHosts } from "../../packages/vitest-environment-workers-ws/src/bindings/worker-host-routes.js";

const dir = mkdtempSync(join(tmpdir(), "workers-ws-wrangler-routes-"));
let count = 0;
function config(fields: Record<string, unknown>): string {
  const sub = join(dir, String(count++));
  mkdirSync(sub, { recursive: true });
  const file = join(sub, "wrangler.jsonc");
  writeFileSync(file, JSON.stringify({ name: "w", main: "src/worker.ts", ...fields }));
  return file;
}
const hostsOf = (fields: Record<string, unknown>) => readWranglerConfig(config(fields), "/").hosts;

describe("wrangler route and routes", () => {
  it("reads whole-host patterns, objects with pattern, custom domains and wildcards, once each, lower case", () => {
    expect(hostsOf({})).toEqual([]);
    expect(hostsOf({ route: "Chat.Example/*" })).toEqual(["chat.example"]);
    expect(
      hostsOf({
        routes: [
          "chat.example/*",
          { pattern: "api.chat.example/*", zone_name: "chat.example" },
          { pattern: "ws.chat.example", custom_domain: true },
          "*.rooms.example/*",
          "https://chat.example/",
        ],
      }),
    ).toEqual(["chat.example", "api.chat.example", "ws.chat.example", "*.rooms.example"]);
  });

  it("leaves a path-scoped route out, and the environment says so in one line", () => {
    const scoped = config({
      routes: ["chat.example/*", { pattern: "api.example/v1/*", zone_name: "example" }],
    });
    const project = readWranglerConfig(scoped, "/");
    expect(project.hosts).toEqual(["chat.example"]);
    expect(project.pathScopedRoutes).toEqual(["api.example/v1/*"]);
    const warnings: string[] = [];
    parseEnvironmentOptions({ "workers-ws": { wrangler: scoped } }, (line) => warnings.push(line));
    expect(warnings).toEqual([
      `workers-ws: ${scoped}: "api.example/v1/*" routes part of a host and is not routed to main (only whole hosts are: "chat.example/*"); to reach the Worker there, route the URL prefix with the routes option ({ "https://chat.example/api/": "./src/worker.ts" }).`,
    ]);
  });

  it("refuses a pattern without a routable host, a bad routes value, routes without main", () => {
    expect(() => readWranglerConfig(config({ routes: [{ pattern: "*chat.example/*" }] }), "/")).toThrow(
      'routes[0].pattern: "*chat.example/*" has no host workers-ws can route ("chat.example/*", "*.chat.example/*").',
    );
    expect(() => readWranglerConfig(config({ route: 7 }), "/")).toThrow(
      'route: must be a route pattern such as "chat.example/*"; got 7.',
    );
    expect(() => readWranglerConfig(config({ routes: "chat.example/*" }), "/")).toThrow(
      'routes: must be a list of route patterns or { pattern } objects; got "chat.example/*".',
    );
    expect(() => readWranglerConfig(config({ main: undefined, routes: ["chat.example/*"] }), "/")).toThrow(
      "main: routes name the hosts of the Worker's entry module, so the config needs main (the path of that module).",
    );
  });
});

describe("routing the config's hosts", () => {
  const unroutes: Array<() => void> = [];
  afterEach(() => {
    for (const unroute of unroutes.splice(0)) unroute();
  });

  it("sends a host's requests to SELF (here a project without main, so SELF's own error answers)", async () => {
    routeWorkerHosts(["self-host.example"], []);
    await expect(fetch("https://self-host.example/")).rejects.toThrow(
      "workers-ws: SELF needs the Worker's main module: set main in the wrangler config the wrangler option names.",
    );
  });

  it("leaves a host the routes option names to that route", async () => {
    unroutes.push(routeWorker("taken.example", { fetch: () => new Response("the option's Worker") }));
    routeWorkerHosts(["taken.example"], ["Taken.Example"]);
    expect(await (await fetch("https://taken.example/")).text()).toBe("the option's Worker");
  });
});
