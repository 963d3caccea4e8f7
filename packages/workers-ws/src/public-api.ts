/**
 * The values this package's entry point hands out, gathered so that the first copy of the package
 * loaded in a process can serve them to every other copy (runtime/process-singleton.ts).
 */

export { fetchFromPage, isRoutedForPage } from "./browser/page-fetch.js";
export { createPageWebSocketClass, isPageWebSocket, pageSocketDisappear } from "./browser/page-websocket.js";
export { dispatchFetch } from "./dispatch/dispatch-fetch.js";
export {
  createExecutionContext,
  ExecutionContext,
  waitOnExecutionContext,
} from "./dispatch/execution-context.js";
export { serviceWorker } from "./dispatch/service-worker.js";
export { WorkerShapeError } from "./dispatch/worker-handler.js";
export { DurableObject, WorkerEntrypoint } from "./durable-objects/base-classes.js";
export {
  HibernationManager,
  hibernatableSocketInfo,
} from "./durable-objects/hibernation/hibernation-manager.js";
export { DurableObjectId } from "./durable-objects/id.js";
export { createDurableObjectNamespace, DurableObjectNamespace } from "./durable-objects/namespace.js";
export { DurableObjectState } from "./durable-objects/state.js";
export {
  DurableObjectStorage,
  DurableObjectTransaction,
} from "./durable-objects/storage/durable-object-storage.js";
export { DurableObjectStub } from "./durable-objects/stub.js";
export {
  durableObjectInfo,
  evictDurableObject,
  isDurableObjectHibernated,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
} from "./durable-objects/test-api.js";
export { ServeOptionsError, serve } from "./network/serve.js";
export { UnroutedRequestError } from "./outbound/outbound-layers.js";
export { RoutePatternError } from "./outbound/route-patterns.js";
export { routedPatterns, routeWorker, routeWorkerModule } from "./outbound/worker-routes.js";
export { returnToCaller } from "./response/return-to-caller.js";
export { abortIoContext, createIoContext } from "./runtime/io-context.js";
export { createRuntime, Runtime, workersGlobals } from "./runtime/runtime.js";
export { settle } from "./scheduler/settle.js";
export { PayloadDigest } from "./websocket/payload-digest.js";
export { Transcript, transcriptOf } from "./websocket/transcript.js";
export { readyStateOf } from "./websocket/websocket.js";
