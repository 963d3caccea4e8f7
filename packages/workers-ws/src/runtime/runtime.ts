import { type CompatOptions, type CompatSettings, resolveCompat } from "../compat/settings.js";
import { CloseEvent } from "../events/close-event.js";
import { ErrorEvent, uncaughtMessage } from "../events/error-event.js";
import { Event } from "../events/event.js";
import { EventTarget } from "../events/event-target.js";
import { MessageEvent } from "../events/message-event.js";
import { createNetworkLayer } from "../network/network-layer.js";
import { DEFAULT_NETWORK_OPTION, type NetworkOption } from "../network/network-policy.js";
import { closeNetworkResources } from "../network/network-resources.js";
import { outboundConnect, setOutboundLayer } from "../outbound/outbound-layers.js";
import { Response } from "../response/response.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import { makeReadOnly, requireNew } from "../webidl/require-new.js";
import { markNotSerializable } from "../webidl/serializable.js";
import { setClientConnector } from "../websocket/client-connect.js";
import { type LiveSocket, socketRegistryOf } from "../websocket/socket-registry.js";
import { DEFAULT_TRANSCRIPT_LIMIT } from "../websocket/transcript.js";
import { socketCore, WebSocket } from "../websocket/websocket.js";
import { WebSocketPair } from "../websocket/websocket-pair.js";
import { type RuntimeContext, setActiveContext, setDefaultContextFactory } from "./context.js";
import { checkRuntimeOptions, type RuntimeOptions } from "./options.js";

/** The Workers globals this package provides, guarded so a call without `new` fails like workerd. */
export const workersGlobals = {
  WebSocketPair: requireNew(WebSocketPair),
  WebSocket: requireNew(WebSocket),
  Response: requireNew(Response),
  Event: requireNew(Event),
  EventTarget: requireNew(EventTarget),
  MessageEvent: requireNew(MessageEvent),
  CloseEvent: requireNew(CloseEvent),
  ErrorEvent: requireNew(ErrorEvent),
} as const;

makeReadOnly(WebSocket.prototype, ["readyState", "url", "protocol", "extensions", "bufferedAmount"]);
markNotSerializable(WebSocketPair, WebSocket, EventTarget, Event, MessageEvent, CloseEvent, ErrorEvent);
makeReadOnly(Response.prototype, ["webSocket"]);

export type WorkersGlobalName = keyof typeof workersGlobals;

/**
 * One emulated runtime: a compatibility configuration, its live sockets and where listener errors
 * go. Objects created while it is installed (or activated) follow its settings for their lifetime.
 */
export class Runtime {
  readonly settings: CompatSettings;
  readonly strict: boolean;
  /** Entries each socket's transcript keeps; 0 when the `transcript` option is false. */
  readonly transcriptLimit: number;
  /** How far outbound connections may go over real sockets (the `network` option). */
  readonly network: NetworkOption;
  readonly #context: RuntimeContext;
  #uncaught: (error: unknown) => void;

  constructor(options: RuntimeOptions = {}) {
    const checked = checkRuntimeOptions(options);
    this.settings = resolveCompat(checked as CompatOptions);
    this.strict = checked.strict ?? false;
    this.#uncaught = checked.onUncaughtError ?? logUncaught;
    this.transcriptLimit =
      checked.transcript === false ? 0 : (checked.transcriptLimit ?? DEFAULT_TRANSCRIPT_LIMIT);
    this.#context = {
      settings: this.settings,
      strict: this.strict,
      transcriptLimit: this.transcriptLimit,
      reportUncaught: (error) => this.#uncaught(error),
    };
    this.network = checked.network ?? DEFAULT_NETWORK_OPTION;
    // Outbound connections no route answers go over the network, as far as the option allows.
    setOutboundLayer(this.#context, "network", createNetworkLayer(this.#context, this.network));
    setClientConnector(this.#context, (request) => outboundConnect(this.#context, request));
  }

  /** Internal: the context objects capture. */
  get context(): RuntimeContext {
    return this.#context;
  }

  /** Makes this runtime the one new objects belong to; returns a function that undoes it. */
  activate(): () => void {
    const previous = setActiveContext(this.#context);
    return () => {
      setActiveContext(previous);
    };
  }

  /**
   * Installs the Workers globals on `target` (by property descriptor) and activates this runtime.
   * Returns a function that puts back exactly what was there before.
   */
  install(target: object = globalThis): () => void {
    const saved = new Map<string, PropertyDescriptor | undefined>();
    for (const [name, value] of Object.entries(workersGlobals)) {
      saved.set(name, Object.getOwnPropertyDescriptor(target, name));
      Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
    }
    const deactivate = this.activate();
    let restored = false;
    return () => {
      if (restored) return;
      restored = true;
      deactivate();
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(target, name, descriptor);
        else delete (target as Record<string, unknown>)[name];
      }
    };
  }

  /** Resolves once every event in flight has been delivered (and what those events caused). */
  settle(): Promise<void> {
    return deliveryLoop.settle();
  }

  /** Sockets created in this runtime that have not finished, with where they were created. */
  openSockets(): LiveSocket[] {
    return socketRegistryOf(this.#context).live();
  }

  /**
   * Closes every socket still open, as the runtime does when a worker goes away: each loses its
   * connection and its peer sees close 1006. Returns what was open.
   */
  dispose(): LiveSocket[] {
    const open = this.openSockets();
    for (const { socket } of open) {
      const core = socketCore(socket);
      core.release();
      core.usedInResponse = false;
      socketRegistryOf(this.#context).forget(core);
    }
    return open;
  }

  /**
   * Closes what this runtime opened on the network: servers started by serve() (their clients see
   * 1006) and outbound connections. The environment calls it when a test file ends.
   * Returns how many servers and connections were open.
   */
  closeNetwork(): Promise<number> {
    return closeNetworkResources(this.#context);
  }

  /** Routes listener exceptions that workerd only logs (default: console.error, like workerd's log). */
  onUncaughtError(handler: (error: unknown) => void): void {
    this.#uncaught = handler;
  }
}

function logUncaught(error: unknown): void {
  console.error(`workers-ws: ${uncaughtMessage(error)}`, error);
}

/** Creates a runtime; see RuntimeOptions for what can be set. */
export function createRuntime(options?: RuntimeOptions): Runtime {
  return new Runtime(options);
}

let defaultRuntime: Runtime | undefined;
setDefaultContextFactory(() => {
  defaultRuntime ??= new Runtime();
  return defaultRuntime.context;
});
