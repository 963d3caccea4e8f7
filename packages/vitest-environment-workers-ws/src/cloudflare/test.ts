/**
 * The module `cloudflare:test` resolves to under the workers-ws environment (with the workersWs()
 * plugin): the names of @cloudflare/vitest-pool-workers' `cloudflare:test` that workers-ws emulates,
 * so test files move over unchanged.
 */
export {
  createExecutionContext,
  evictDurableObject,
  isDurableObjectHibernated,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "workers-ws";
export { env, SELF } from "../bindings/current-bindings.js";
