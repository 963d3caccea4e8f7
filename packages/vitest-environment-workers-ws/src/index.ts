/**
 * vitest-environment-workers-ws: `environment: "workers-ws"` in a Vitest config (or
 * `// @vitest-environment workers-ws` in a file). The default export is the environment; the named
 * exports are the runtime's API, so tests can import typed names from here.
 */
import { environment } from "./environment.js";

export default environment;
export * from "workers-ws";
export { parseEnvironmentOptions, WorkersWsOptionsError, type WorkersWsEnvironmentOptions, type OpenSocketsPolicy } from "./options.js";
export { OpenSocketsError, describeOpenSockets } from "./leftover-sockets.js";
export { currentFileRuntime } from "./current-runtime.js";
