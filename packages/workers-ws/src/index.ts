/**
 * workers-ws: Cloudflare Workers' WebSocket API (WebSocketPair, WebSocket, Response with 101),
 * emulated in memory on Node, behaving as workerd does at a chosen compatibility date.
 */
import { workersGlobals } from "./runtime/runtime.js";

export { createRuntime, Runtime, workersGlobals, type WorkersGlobalName } from "./runtime/runtime.js";
export type { RuntimeOptions } from "./runtime/options.js";
export {
  resolveCompat,
  DEFAULT_COMPATIBILITY_DATE,
  NEWEST_SUPPORTED_DATE,
  KNOWN_FLAG_NAMES,
  CompatibilityError,
  type CompatSettings,
  type CompatOptions,
} from "./compat/settings.js";
export { COMPAT_FLAGS, type CompatFlagDefinition } from "./compat/flags.js";
export {
  WEB_SOCKET_ERRORS,
  WebSocketErrorKinds,
  webSocketErrorKind,
  isWebSocketError,
  createWebSocketError,
  errorClassOf,
  type WebSocketErrorKind,
  type ErrorClass,
} from "./errors/catalogue.js";
export type { LiveSocket } from "./websocket/socket-registry.js";
export { MAX_CLOSE_REASON_BYTES, isValidCloseCode } from "./websocket/close-validation.js";

/** Resolves once every event in flight has been delivered, and whatever those events set off. */
export { settle } from "./scheduler/settle.js";

export const WebSocketPair = workersGlobals.WebSocketPair;
export type WebSocketPair = import("./websocket/websocket-pair.js").WebSocketPair;
export const WebSocket = workersGlobals.WebSocket;
export type WebSocket = import("./websocket/websocket.js").WebSocket;
export const Response = workersGlobals.Response;
export type Response = import("./response/response.js").Response;
export const Event = workersGlobals.Event;
export type Event = import("./events/event.js").Event;
export const EventTarget = workersGlobals.EventTarget;
export type EventTarget = import("./events/event-target.js").EventTarget;
export const MessageEvent = workersGlobals.MessageEvent;
export type MessageEvent = import("./events/message-event.js").MessageEvent;
export const CloseEvent = workersGlobals.CloseEvent;
export type CloseEvent = import("./events/close-event.js").CloseEvent;
export const ErrorEvent = workersGlobals.ErrorEvent;
export type ErrorEvent = import("./events/error-event.js").ErrorEvent;
