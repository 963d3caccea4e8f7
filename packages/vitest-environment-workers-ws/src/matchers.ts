/**
 * `vitest-environment-workers-ws/matchers`: registers the WebSocket matchers and the snapshot
 * serializer on Vitest's `expect` when imported. The workers-ws environment does this by itself;
 * other environments add this module to `setupFiles`. Importing it (or listing it in
 * `compilerOptions.types`) also brings the matchers' types.
 */
import { registerMatchers, runningVitestExpect } from "./matchers/register.js";
// Listing this entry in `types` also types environmentOptions["workers-ws"] in Vitest configs.
import "./vitest-augment.js";

// The running Vitest's expect (not simply `import { expect } from "vitest"`: in a monorepo this
// package may resolve another copy of Vitest than the one running the tests).
registerMatchers(await runningVitestExpect());

export {
  isWebSocketError,
  transcriptOf,
  type WebSocketErrorKind,
  WebSocketErrorKinds,
  webSocketErrorKind,
} from "workers-ws";
export type { WebSocketMessageExpectation } from "./matchers/asymmetric.js";
export { type CloseExpectation, isCloseEventLike } from "./matchers/close.js";
export {
  formatEntry,
  formatTranscript,
  READY_STATE_NAMES,
  type ReadyStateName,
} from "./matchers/format-transcript.js";
export type { ExpectedMessage } from "./matchers/messages.js";
export type { ReadyStateLike } from "./matchers/ready-state.js";
export { DEFAULT_MATCHER_TIMEOUT_MS, type WaitOptions } from "./matchers/received-socket.js";
export {
  type ExtensibleExpect,
  registerMatchers,
  runningVitestExpect,
  workersWsMatchers,
} from "./matchers/register.js";
export { webSocketSerializer } from "./matchers/snapshot-serializer.js";
export type { WorkersWsAsymmetricMatchers, WorkersWsMatchers } from "./matchers/types.js";
