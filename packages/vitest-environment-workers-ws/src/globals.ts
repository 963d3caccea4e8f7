/**
 * Types for test files that use the globals the workers-ws environment installs. Add
 * "vitest-environment-workers-ws/globals" to `compilerOptions.types` (or reference it with a
 * triple-slash directive). Projects that already use @cloudflare/workers-types for these globals
 * do not need it.
 */
import type * as runtime from "workers-ws";
// Listing this entry in `types` also types environmentOptions["workers-ws"] in Vitest configs.
import "./vitest-augment.js";

// The environment registers the WebSocket matchers: listing this entry in `types` types them too.
export type { WorkersWsAsymmetricMatchers, WorkersWsMatchers } from "./matchers/types.js";

type WorkersWebSocket = runtime.WebSocket;

declare global {
  var WebSocketPair: typeof runtime.WebSocketPair;
  type WebSocketPair = runtime.WebSocketPair;
  var CloseEvent: typeof runtime.CloseEvent;
  var ErrorEvent: typeof runtime.ErrorEvent;
  var WebSocketRequestResponsePair: typeof runtime.WebSocketRequestResponsePair;
  type WebSocketRequestResponsePair = runtime.WebSocketRequestResponsePair;

  // These two reach projects whose Response type comes from lib.dom; @types/node types the global
  // Response as undici's class, so there import Response from this package for the Workers type.
  interface ResponseInit {
    /** The end of a WebSocketPair handed to the client; requires status 101. */
    webSocket?: WorkersWebSocket | null;
  }
  interface Response {
    /** The WebSocket of a 101 response, or null (optional here so Node's Response still fits). */
    readonly webSocket?: WorkersWebSocket | null;
  }
  interface WebSocket {
    accept(options?: { allowHalfOpen?: boolean }): void;
    serializeAttachment(value: unknown): void;
    deserializeAttachment(): unknown;
  }
}
