/**
 * The module `cloudflare:workers` resolves to under the workers-ws environment (with the
 * workersWs() plugin), for test files and the Worker modules they import.
 */
// workerd: `import { env } from "cloudflare:workers"` is the Worker's bindings, outside a request too.

export { DurableObject, WorkerEntrypoint } from "workers-ws";
export { env } from "../bindings/current-bindings.js";
