/**
 * vitest-environment-workers-ws: `environment: "workers-ws"` in a Vitest config (or
 * `// @vitest-environment workers-ws` in a file). The default export is the environment; the named
 * exports are the runtime's API, so tests can import typed names from here.
 */
import { environment } from "./environment.js";
// Types environmentOptions["workers-ws"] in Vitest configs (no run-time content).
import "./vitest-augment.js";

export default environment;
export * from "workers-ws";
export { env, SELF } from "./bindings/current-bindings.js";
export type { DurableObjectModuleOption, DurableObjectsOption } from "./bindings/durable-objects-option.js";
export { WorkersWsModuleError } from "./bindings/import-user-module.js";
export { describeOpenPages } from "./browser/leftover-pages.js";
export { OpenPageError, type OpenPageOptions, openPage, type Page } from "./browser/open-page.js";
export type { PageWebSocket, PageWebSocketConstructor } from "./browser/page-types.js";
export { currentFileRuntime } from "./current-runtime.js";
export { describeOpenSockets, OpenSocketsError } from "./leftover-sockets.js";
// The matchers the environment registers; this type export also brings their Vitest types.
export type { WorkersWsAsymmetricMatchers, WorkersWsMatchers } from "./matchers/types.js";
export {
  type OpenSocketsPolicy,
  parseEnvironmentOptions,
  type WorkersWsEnvironmentOptions,
  WorkersWsOptionsError,
} from "./options.js";
export { type WorkersWsPluginOptions, workersWs } from "./plugin.js";
export { type RouteModuleOption, type RoutesOption, WorkersWsRouteError } from "./route-modules.js";
export { type UncaughtErrorsPolicy, UncaughtWorkerError } from "./uncaught-errors.js";
export { WranglerConfigError } from "./wrangler/config-error.js";
export { readWranglerConfig, type WranglerProject } from "./wrangler/read-config.js";
