import { type CompatOptions, type CompatSettings, resolveCompat } from "../compat/settings.js";
import { WebSocketRequestResponsePair } from "../durable-objects/hibernation/request-response-pair.js";
import { describeValue } from "../errors/describe-value.js";
import { CloseEvent } from "../events/close-event.js";
import { ErrorEvent, uncaughtMessage } from "../events/error-event.js";
import { Event } from "../events/event.js";
import { EventTarget } from "../events/event-target.js";
import { MessageEvent } from "../events/message-event.js";
import { createNetworkLayer } from "../network/network-layer.js";
import { DEFAULT_NETWORK_OPTION, type NetworkOption } from "../network/network-policy.js";
import { closeNetworkResources, listeningServerUrls } from "../network/network-resources.js";
import { outboundConnect, setOutboundLayer } from "../outbound/outbound-layers.js";
import { fetch as routedFetch } from "../outbound/routed-fetch.js";
import { Response } from "../response/response.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import { exposePrototype } from "../webidl/exposed-prototype.js";
import { applyToStringTags, makeMembersEnumerable, registerToStringTag } from "../webidl/interface-shape.js";
import { requireNew } from "../webidl/require-new.js";
import { markNotSerializable } from "../webidl/serializable.js";
import { setClientConnector } from "../websocket/client-connect.js";
import { type LiveSocket, socketRegistryOf } from "../websocket/socket-registry.js";
import { DEFAULT_TRANSCRIPT_BYTES, DEFAULT_TRANSCRIPT_LIMIT } from "../websocket/transcript.js";
import { socketCore, WebSocket } from "../websocket/websocket.js";
import { WebSocketPair } from "../websocket/websocket-pair.js";
import {
  onActiveContextChange,
  type RuntimeContext,
  setActiveContext,
  setDefaultContextFactory,
} from "./context.js";
import { installContextTimers } from "./context-timers.js";
import { checkRuntimeOptions, type RuntimeOptions } from "./options.js";

// WebSocket, Response and ErrorEvent have read-only attributes and no read-only own fields: scripts
// see their prototypes through a Proxy that gives workerd's message for an assignment
// (exposed-prototype.ts). MessageEvent and CloseEvent keep plain prototypes, and so does Event,
// which is in their chains: a Proxy anywhere there would stop V8 naming them in its own message for
// their read-only own fields ("#<CloseEvent>"). ErrorEvent is a leaf, so its Proxy is in no other
// class's chain.
exposePrototype(WebSocket.prototype);
exposePrototype(Response.prototype);
exposePrototype(ErrorEvent.prototype);
// Its request and response are read-only prototype properties (JSG_READONLY_PROTOTYPE_PROPERTY).
exposePrototype(WebSocketRequestResponsePair.prototype);

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
  // state.setWebSocketAutoResponse()'s argument (durable-objects/hibernation/).
  WebSocketRequestResponsePair: requireNew(WebSocketRequestResponsePair),
  // Routed through the runtime's outbound layers (outbound/routed-fetch.ts).
  fetch: routedFetch,
} as const;

{
  const g = workersGlobals;
  // Keyed by the exposed prototypes: those are the ones in instances' prototype chains.
  markNotSerializable(
    g.WebSocketPair,
    g.WebSocket,
    g.EventTarget,
    g.Event,
    g.MessageEvent,
    g.CloseEvent,
    g.ErrorEvent,
    g.WebSocketRequestResponsePair,
  );
}
for (const [name, ctor] of Object.entries(workersGlobals)) {
  // fetch is a function, not an interface: it has no prototype to shape.
  if (name === "fetch") continue;
  makeMembersEnumerable(ctor.prototype);
  registerToStringTag(ctor.prototype, name);
}

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
      transcriptBytes: checked.transcriptBytes ?? DEFAULT_TRANSCRIPT_BYTES,
      reportUncaught: (error) => this.#uncaught(error),
    };
    this.network = checked.network ?? DEFAULT_NETWORK_OPTION;
    // Outbound connections no route answers go over the network, as far as the option allows.
    const context = this.#context;
    setOutboundLayer(context, "network", createNetworkLayer(context, this.network));
    // new WebSocket(url) asks the outbound layers: routed Workers, then the network.
    setClientConnector(context, (request) => outboundConnect(context, request));
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
    if ((typeof target !== "object" && typeof target !== "function") || target === null) {
      throw new TypeError(
        `Runtime.install() needs the global object to install into, got ${describeValue(target)}.`,
      );
    }
    const saved = new Map<string, PropertyDescriptor | undefined>();
    for (const [name, value] of Object.entries(workersGlobals)) {
      saved.set(name, Object.getOwnPropertyDescriptor(target, name));
      Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
    }
    // Timers of an aborted IoContext do not fire (runtime/context-timers.ts).
    const restoreTimers = installContextTimers(target);
    const deactivate = this.activate();
    let restored = false;
    return () => {
      if (restored) return;
      restored = true;
      deactivate();
      restoreTimers();
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

  /** The URLs of the servers serve() started in this runtime that are still listening. */
  listeningServers(): string[] {
    return listeningServerUrls(this.#context);
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
    // Checked now: a non-function would only fail later, inside event delivery.
    if (typeof handler !== "function") {
      throw new TypeError(`Runtime.onUncaughtError() needs a function, got ${describeValue(handler)}.`);
    }
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
// The prototypes' tags follow whichever runtime is active (the default one until another is).
onActiveContextChange((context) => applyToStringTags(context.settings.setToStringTag));
setActiveContext(undefined);
