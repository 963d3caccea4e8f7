import { createRequire } from "node:module";
import { join } from "node:path";
import { newerDateWarning } from "workers-ws";
import { setCurrentFileBindings } from "./bindings/current-bindings.js";
import { createFileBindings } from "./bindings/file-bindings.js";
import { routeWorkerHosts } from "./bindings/worker-host-routes.js";
import { closeLeftoverPages } from "./browser/leftover-pages.js";
import { installPageOption } from "./browser/page-option.js";
import { currentFileRuntime, setCurrentFileRuntime } from "./current-runtime.js";
import { warnOnceAboutLanguageLevel } from "./language-level.js";
import { closeLeftoverNetwork } from "./leftover-servers.js";
import { closeLeftoverSockets } from "./leftover-sockets.js";
import { reportLeftoverTimers, trackTimers } from "./leftover-timers.js";
import { registerMatchers, runningVitestExpect } from "./matchers/register.js";
import { parseEnvironmentOptions, WorkersWsOptionsError } from "./options.js";
import { registerRouteModules } from "./route-modules.js";
import { failingUncaughtHandler } from "./uncaught-errors.js";

/**
 * The shape Vitest 3, 4 and 5 expect from an environment module's default export, declared here so
 * one build serves all three (Vitest moved the type between `vitest/environments` and `vitest/runtime`).
 */
export interface VitestEnvironment {
  name: string;
  viteEnvironment?: string;
  transformMode?: "ssr" | "web";
  setup(
    global: object,
    options: Record<string, unknown>,
  ): Promise<{ teardown(global: object): Promise<void> }>;
}

/**
 * Vitest 3 requires `transformMode`; Vitest 4 and 5 warn about it once per file and use
 * `viteEnvironment` instead. Workers code resolves like server code, so both say "ssr".
 *
 * The running Vitest is looked up from the working directory first: the CLI a project runs (npm
 * scripts, npx, node_modules/.bin) is the one its directory resolves. This package's own location
 * comes second, because in a monorepo it can be hoisted next to another Vitest than the one the
 * package under test uses (npm then nests that package's Vitest under its own node_modules).
 */
function vitestMajor(): number {
  for (const base of [join(process.cwd(), "package.json"), import.meta.url]) {
    try {
      const { version } = createRequire(base)("vitest/package.json") as { version: string };
      return Number.parseInt(version, 10);
    } catch {
      // Not resolvable from this base: try the next one.
    }
  }
  return 4;
}

export const environment: VitestEnvironment = {
  name: "workers-ws",
  viteEnvironment: "ssr",
  ...(vitestMajor() < 4 ? { transformMode: "ssr" as const } : {}),

  async setup(global, options) {
    const { runtime, openSockets, uncaughtErrors, routes, bindings, wrangler, page } =
      parseEnvironmentOptions(options);
    if (uncaughtErrors === "fail") runtime.onUncaughtError(failingUncaughtHandler());
    // Matchers with no config, on the expect of the Vitest that runs the test files.
    registerMatchers(await runningVitestExpect());
    // Once per test file, here rather than in the runtime, which is created per call elsewhere.
    const dateWarning = newerDateWarning(runtime.settings);
    if (dateWarning !== undefined) console.warn(dateWarning);
    // Worker code may use JavaScript that workerd has and this Node lacks: say so once, up front.
    warnOnceAboutLanguageLevel();
    const restoreGlobals = runtime.install(global);
    try {
      // Routes belong to the installed (active) runtime, so they end with this file's runtime.
      registerRouteModules(routes, (message) => new WorkersWsOptionsError(message));
      // The wrangler config's own hosts reach its main, as SELF does (bindings/worker-host-routes.ts).
      routeWorkerHosts(
        wrangler?.hosts ?? [],
        routes.map((route) => route.pattern),
      );
    } catch (error) {
      restoreGlobals();
      throw error;
    }
    const timers = trackTimers(global);
    const restoreCurrent = setCurrentFileRuntime(runtime, openSockets, timers, uncaughtErrors === "fail");
    // env and SELF of cloudflare:test: this file's own, built once the runtime is installed.
    const restoreBindings = setCurrentFileBindings(() => createFileBindings(bindings));
    // The `page` option: one page's window and document as globals (after the routes it may load from).
    const restorePage = await installPageOption(global, runtime, page);
    const fileRuntime = currentFileRuntime();
    if (fileRuntime && restorePage) fileRuntime.environmentPage = restorePage.record;
    return {
      async teardown() {
        try {
          await restorePage?.close();
          await closeLeftoverPages(runtime, openSockets, "report");
          await closeLeftoverSockets(runtime, openSockets, "report");
        } finally {
          try {
            // Servers from serve() and outbound connections: nothing may outlive the file.
            await closeLeftoverNetwork(runtime, openSockets, "report");
          } finally {
            // Timers the file left would otherwise fire during the next file (isolate: false).
            reportLeftoverTimers(timers.clearPending(), openSockets);
            timers.restore();
            restoreBindings();
            restoreCurrent();
            restoreGlobals();
          }
        }
      },
    };
  },
};
