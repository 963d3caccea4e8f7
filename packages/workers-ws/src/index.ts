/**
 * workers-ws: Cloudflare Workers' WebSocket API (WebSocketPair, WebSocket, Response with 101),
 * emulated in memory on Node, behaving as workerd does at a chosen compatibility date.
 */
import * as local from "./public-api.js";
import { processSingleton } from "./runtime/process-singleton.js";

const api: typeof local = processSingleton(() => local);

export const {
  createRuntime,
  Runtime,
  workersGlobals,
  settle,
  returnToCaller,
  transcriptOf,
  readyStateOf,
  createIoContext,
  abortIoContext,
  serviceWorker,
  dispatchFetch,
  createExecutionContext,
  ExecutionContext,
  waitOnExecutionContext,
  routeWorker,
  routeWorkerModule,
  routedPatterns,
  serve,
} = api;
export const { UnroutedRequestError, RoutePatternError, ServeOptionsError, PayloadDigest } = api;
/** The browser room (browser/): what vitest-environment-workers-ws builds a happy-dom page's WebSocket and fetch from. */
export const {
  createPageWebSocketClass,
  isPageWebSocket,
  pageSocketDisappear,
  fetchFromPage,
  isRoutedForPage,
} = api;
export type { PageRequest, PageResponse } from "./browser/page-fetch.js";
export type { PageBlob, PageEventTarget, PageRealm } from "./browser/page-realm.js";
export type { PageWebSocketOptions } from "./browser/page-websocket.js";
// Durable Objects (durable-objects/): cloudflare:workers base classes, namespaces, cloudflare:test helpers.
export const {
  DurableObject,
  WorkerEntrypoint,
  createDurableObjectNamespace,
  runInDurableObject,
  listDurableObjectIds,
  evictDurableObject,
  isDurableObjectHibernated,
  durableObjectInfo,
  runDurableObjectAlarm,
} = api;
export type DurableObject<Env = unknown> = import("./durable-objects/base-classes.js").DurableObject<Env>;
export type WorkerEntrypoint<Env = unknown> =
  import("./durable-objects/base-classes.js").WorkerEntrypoint<Env>;
export type DurableObjectId = import("./durable-objects/id.js").DurableObjectId;
export type DurableObjectNamespace<T = unknown> =
  import("./durable-objects/namespace.js").DurableObjectNamespace<T>;
export type { DurableObjectDefinition } from "./durable-objects/namespace.js";
export type { DurableObjectClass } from "./durable-objects/object-slot.js";
export type { DurableObjectInfo } from "./durable-objects/test-api.js";
export type DurableObjectState = import("./durable-objects/state.js").DurableObjectState;
export type DurableObjectStorage =
  import("./durable-objects/storage/durable-object-storage.js").DurableObjectStorage;
export type DurableObjectTransaction =
  import("./durable-objects/storage/durable-object-storage.js").DurableObjectTransaction;
export type { ListOptions as DurableObjectListOptions } from "./durable-objects/storage/kv-operations.js";
/** A stub; `DurableObjectStub<MyObject>` types its RPC methods after the class. */
export type SqlStorage = import("./durable-objects/storage/sql/sql-storage.js").SqlStorage;
export type {
  SqlStorageCursor,
  SqlStorageValue,
} from "./durable-objects/storage/sql/sql-storage.js";
export type DurableObjectStub<T = unknown> = import("./durable-objects/stub.js").TypedStub<T>;
export type { RpcMembers } from "./durable-objects/stub.js";
export const { HibernationManager, hibernatableSocketInfo } = api;
export type HibernationManager =
  import("./durable-objects/hibernation/hibernation-manager.js").HibernationManager;
export type { HibernationHost } from "./durable-objects/hibernation/hibernation-manager.js";
export type { HibernationHandlerName } from "./websocket/transcript.js";
export type PayloadDigest = import("./websocket/payload-digest.js").PayloadDigest;
export type UnroutedRequestError = import("./outbound/outbound-layers.js").UnroutedRequestError;
export type RoutePatternError = import("./outbound/route-patterns.js").RoutePatternError;
export type ServeOptionsError = import("./network/serve.js").ServeOptionsError;
export { DEFAULT_NETWORK_OPTION, type NetworkOption } from "./network/network-policy.js";
export type { ServedWorker, ServeOptions } from "./network/serve.js";
export type { RouteOptions, Unroute } from "./outbound/worker-routes.js";
export type ExecutionContext = import("./dispatch/execution-context.js").ExecutionContext;
export type { DispatchOptions } from "./dispatch/dispatch-fetch.js";
export type { EntrypointClass, FetchHandler, ModuleWorker, WorkerLike } from "./dispatch/worker-handler.js";
export const { WorkerShapeError } = api;
export type WorkerShapeError = import("./dispatch/worker-handler.js").WorkerShapeError;
export type { ReturnedResponse, UpgradeRequest } from "./response/return-to-caller.js";
export type Runtime = import("./runtime/runtime.js").Runtime;
export type IoContext = import("./runtime/io-context.js").IoContext;
export type FetchEvent = import("./dispatch/fetch-event.js").FetchEvent;
export { MAX_TRANSCRIPT_LIMIT, type RuntimeOptions } from "./runtime/options.js";
export type { WorkersGlobalName } from "./runtime/runtime.js";
export type Transcript = import("./websocket/transcript.js").Transcript;
export { COMPAT_FLAGS, type CompatFlagDefinition } from "./compat/flags.js";
export {
  CompatibilityError,
  type CompatOptions,
  type CompatSettings,
  DEFAULT_COMPATIBILITY_DATE,
  KNOWN_FLAG_NAMES,
  NEWEST_SUPPORTED_DATE,
  newerDateWarning,
  resolveCompat,
} from "./compat/settings.js";
export {
  createWebSocketError,
  type ErrorClass,
  errorClassOf,
  isWebSocketError,
  WEB_SOCKET_ERRORS,
  type WebSocketErrorKind,
  WebSocketErrorKinds,
  webSocketErrorKind,
} from "./errors/catalogue.js";
export { isValidCloseCode, MAX_CLOSE_REASON_BYTES } from "./websocket/close-validation.js";
export type { LiveSocket } from "./websocket/socket-registry.js";
export {
  CAPTURE_EVERY_SITE_BELOW,
  CAPTURE_ONE_SITE_IN,
  UNSAMPLED_SITE,
} from "./websocket/socket-registry.js";
export {
  DEFAULT_TRANSCRIPT_BYTES,
  DEFAULT_TRANSCRIPT_LIMIT,
  type ReadyStateValue,
  type SocketMethod,
  type TranscriptEntry,
  type TranscriptEntryKind,
  type WaitOutcome,
} from "./websocket/transcript.js";

const { workersGlobals: g } = api;
export const WebSocketPair = g.WebSocketPair;
export type WebSocketPair = import("./websocket/websocket-pair.js").WebSocketPair;
export const WebSocket = g.WebSocket;
export type WebSocket = import("./websocket/websocket.js").WebSocket;
export const Response = g.Response;
export type Response = import("./response/response.js").Response;
export const Event = g.Event;
export type Event = import("./events/event.js").Event;
export const EventTarget = g.EventTarget;
export type EventTarget = import("./events/event-target.js").EventTarget;
export const MessageEvent = g.MessageEvent;
export type MessageEvent = import("./events/message-event.js").MessageEvent;
export const CloseEvent = g.CloseEvent;
export type CloseEvent = import("./events/close-event.js").CloseEvent;
export const ErrorEvent = g.ErrorEvent;
export const WebSocketRequestResponsePair = g.WebSocketRequestResponsePair;
export type WebSocketRequestResponsePair =
  import("./durable-objects/hibernation/request-response-pair.js").WebSocketRequestResponsePair;
/** The routed fetch the runtime installs as a global (outbound/routed-fetch.ts). */
export const fetch = g.fetch;
export type ErrorEvent = import("./events/error-event.js").ErrorEvent;
