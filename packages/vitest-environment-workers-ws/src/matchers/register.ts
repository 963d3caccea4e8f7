import { importRunningVitest } from "../running-vitest.js";
import { closeEvent, webSocketMessage } from "./asymmetric.js";
import { toClose, toHaveBeenClosedWith, toHaveCloseCode } from "./close.js";
import {
  toBeHibernated,
  toDeliverToHandler,
  toHaveBeenConstructed,
  toHaveDeliveredToHandler,
  toHaveWebSocketTags,
} from "./durable-objects.js";
import { toThrowWebSocketError } from "./errors.js";
import {
  toHaveReceivedMessage,
  toHaveReceivedMessages,
  toHaveSentMessage,
  toHaveSentMessages,
  toReceiveMessage,
} from "./messages.js";
import { toBeAccepted, toHaveReadyState, toHaveReadyStateHistory, toReachReadyState } from "./ready-state.js";
import { webSocketSerializer } from "./snapshot-serializer.js";

/** Every matcher, by the name it is registered under. */
export const workersWsMatchers = {
  toHaveReadyState,
  toHaveReadyStateHistory,
  toBeAccepted,
  toReachReadyState,
  toHaveSentMessages,
  toHaveReceivedMessages,
  toHaveSentMessage,
  toHaveReceivedMessage,
  toReceiveMessage,
  toHaveCloseCode,
  toHaveBeenClosedWith,
  toClose,
  toThrowWebSocketError,
  toHaveWebSocketTags,
  toBeHibernated,
  toHaveBeenConstructed,
  toHaveDeliveredToHandler,
  toDeliverToHandler,
  closeEvent,
  webSocketMessage,
};

/** The part of Vitest's `expect` that registration uses (the same in Vitest 3, 4 and 5). */
export interface ExtensibleExpect {
  extend(matchers: Record<string, unknown>): void;
  addSnapshotSerializer(serializer: typeof webSocketSerializer): void;
}

const REGISTERED = Symbol.for("vitest-environment-workers-ws.matchers-registered");

/**
 * Adds the matchers and the WebSocket snapshot serializer to `expect`. Safe to call more than once
 * (the environment calls it in every setup, a setup file may call it again).
 */
export function registerMatchers(expect: ExtensibleExpect): void {
  const marked = expect as unknown as Record<symbol, boolean | undefined>;
  if (marked[REGISTERED]) return;
  expect.extend(workersWsMatchers);
  expect.addSnapshotSerializer(webSocketSerializer);
  Object.defineProperty(expect, REGISTERED, { value: true, enumerable: false });
}

/** Where Vitest keeps its global `expect` (Symbol.for("expect-global"), the same in 3, 4 and 5). */
const GLOBAL_EXPECT = Symbol.for("expect-global");

/**
 * The `expect` of the Vitest running this worker. Vitest publishes it on the global object once its
 * test API is loaded; before that, it comes from the running Vitest's module (running-vitest.ts).
 */
export async function runningVitestExpect(): Promise<ExtensibleExpect> {
  const published = (globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] as ExtensibleExpect | undefined;
  if (typeof published?.extend === "function") return published;
  return (await importRunningVitest()).expect as unknown as ExtensibleExpect;
}
