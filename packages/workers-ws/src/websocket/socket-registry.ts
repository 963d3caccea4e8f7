import type { Event } from "../events/event.js";
import type { RuntimeContext } from "../runtime/context.js";
import { type IoContext, isOutsideAnyRequest } from "../runtime/io-context.js";
import type { Frame } from "../transport/transport.js";
import type { SocketCore, SocketObserver } from "./socket-core.js";
import {
  recordAccept,
  recordReadyState,
  recordReceived,
  recordReportedError,
  recordReportedEvent,
  recordSent,
} from "./transcript.js";
import type { WebSocket } from "./websocket.js";

/** A socket that is still open, with where it was created (for teardown reports). */
export interface LiveSocket {
  readonly socket: WebSocket;
  readonly readyState: number;
  /** The stack at creation, without the runtime's own frames. */
  readonly createdAt: string;
  /**
   * Sockets listed with the same number are the two ends of one connection: a WebSocketPair, or
   * the Worker's end of an upgrade and the end its caller received. Numbered from 1 per list.
   */
  readonly connection: number;
  /** For a socket accepted with state.acceptWebSocket(): the Durable Object that owns it. */
  readonly owner?: string;
}

/**
 * Where sockets were created: an object holding a captured stack (read only for reports), or, for a
 * socket created while many were open and not sampled, none. The object itself also ties the two
 * ends of a connection together in reports, so every socket gets one.
 */
type CreationSite = { stack?: string };

/**
 * Creation sites are cheap by sampling: while fewer than this many sockets are open in a runtime,
 * every new socket (or pair) captures where it was created.
 */
export const CAPTURE_EVERY_SITE_BELOW = 1_000;
/**
 * Beyond that, one creation in this many captures its stack. A capture is the largest cost of
 * making a pair on Node 20 (about 0.7 µs per frame), and its frames stay in memory while the socket
 * is open: a test holding 50,000 pairs would keep 50,000 stacks for a report that lists ten sites.
 * Sockets made in a loop share their site, so the sampled ones still name it.
 */
export const CAPTURE_ONE_SITE_IN = 64;
/** What a report shows for a socket whose site was not sampled. */
export const UNSAMPLED_SITE = `(creation site not recorded: ${withThousands(CAPTURE_EVERY_SITE_BELOW)} or more sockets were open, and then 1 in ${CAPTURE_ONE_SITE_IN} is recorded)`;

/** "1,000": toLocaleString() would load ICU's number formatting when the package is imported. */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * The creation site shared by the sockets being created right now (both ends of a pair), or
 * undefined when each socket captures its own.
 */
let sharedSite: CreationSite | undefined;

/**
 * User frames kept for a pair's creation site: as many as a pair's capture kept before it skipped
 * the runtime's frames (ten frames, six of them the runtime's), and as many as the leftover-socket
 * report prints.
 */
const PAIR_SITE_USER_FRAMES = 4;
/** Frames between WebSocketPair's constructor and the caller: the guard that requires `new`. */
const PAIR_SITE_WRAPPER_FRAMES = 2;

/**
 * Runs `create` with one creation site for every socket it creates. Both ends of a WebSocketPair
 * share one capture (when this creation is sampled: see CAPTURE_EVERY_SITE_BELOW), taken above
 * `pairClass`: its constructor and the runtime frames below it are left out.
 *
 * When the class is only reachable through its `new`-guard (`guard`, webidl/require-new.ts), the
 * capture starts above the guard instead, so the guard's two frames, which the report drops as the
 * runtime's own, are not captured at all: the same user frames for two fewer frames' cost. The
 * limit is lowered by the same two frames, so a small Error.stackTraceLimit keeps as few user
 * frames as before.
 */
export function withSharedCreationSite<T>(
  registry: SocketRegistry,
  pairClass: abstract new () => unknown,
  guard: Function | undefined,
  create: () => T,
): T {
  const site: CreationSite = {};
  if (registry.samplesNextSite()) {
    const limit = Error.stackTraceLimit;
    const frames = Math.min(limit, PAIR_SITE_USER_FRAMES + PAIR_SITE_WRAPPER_FRAMES);
    try {
      if (guard !== undefined) {
        Error.stackTraceLimit = frames > PAIR_SITE_WRAPPER_FRAMES ? frames - PAIR_SITE_WRAPPER_FRAMES : 0;
        Error.captureStackTrace(site, guard);
      } else {
        Error.stackTraceLimit = frames;
        Error.captureStackTrace(site, pairClass);
      }
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
  const outer = sharedSite;
  sharedSite = site;
  try {
    return create();
  } finally {
    sharedSite = outer;
  }
}

/**
 * Runs `create` with the creation site of `core` for the sockets it creates: the end a caller
 * receives for a returned WebSocket continues the returned end's connection, so a report lists it
 * with the pair it came from (falls back to a capture of its own when `core` is not tracked).
 */
export function withCreationSiteOf<T>(core: SocketCore, create: () => T): T {
  const site = socketRegistryOf(core.context).siteOf(core);
  if (site === undefined) return create();
  const outer = sharedSite;
  sharedSite = site;
  try {
    return create();
  } finally {
    sharedSite = outer;
  }
}

/**
 * The sockets of one runtime that have not finished, so teardown can close and report them (the
 * runtime closes every WebSocket when a worker reloads). A socket leaves once it is CLOSED or its
 * connection was released (which includes an end returned to a caller in a Response).
 */
export class SocketRegistry implements SocketObserver {
  /**
   * Each live socket's core with its creation site. The socket is the core's target, so no entry
   * object is kept per socket (a Map entry of its own already costs three slots).
   */
  readonly #live = new Map<SocketCore, CreationSite>();
  /**
   * The tracked sockets by the IoContext they were created in, so a Durable Object eviction visits
   * only its own sockets (a socket whose context later changes is checked again in ownedBy()).
   * Sockets made outside any request (a test's own pairs, most of them) are not indexed: no
   * instance is evicted there, and indexing them was a Set entry and two WeakMap entries each.
   */
  readonly #byContext = new WeakMap<IoContext, Set<SocketCore>>();
  /** The index entry each tracked socket is in, so it leaves the index when it leaves #live. */
  readonly #entryOf = new WeakMap<SocketCore, Set<SocketCore>>();

  /** Creations since the runtime last had fewer than CAPTURE_EVERY_SITE_BELOW sockets open. */
  #busyCreations = 0;

  /** Whether the site of the socket (or pair) being created now is captured (see CAPTURE_ONE_SITE_IN). */
  samplesNextSite(): boolean {
    if (this.#live.size < CAPTURE_EVERY_SITE_BELOW) {
      this.#busyCreations = 0;
      return true;
    }
    return this.#busyCreations++ % CAPTURE_ONE_SITE_IN === 0;
  }

  track(core: SocketCore, socket: WebSocket): void {
    let origin = sharedSite;
    if (origin === undefined) {
      origin = {};
      if (this.samplesNextSite()) Error.captureStackTrace(origin);
    }
    if (core.target !== socket)
      throw new Error("workers-ws internal error: a socket tracked with another core");
    this.#live.set(core, origin);
    if (isOutsideAnyRequest(core.ioContext)) return;
    let inContext = this.#byContext.get(core.ioContext);
    if (!inContext) {
      inContext = new Set();
      this.#byContext.set(core.ioContext, inContext);
    }
    inContext.add(core);
    this.#entryOf.set(core, inContext);
  }

  /** Where `core` was created, while it is tracked. */
  siteOf(core: SocketCore): CreationSite | undefined {
    return this.#live.get(core);
  }

  readyStateChanged(core: SocketCore, cause: string, from: number): void {
    recordReadyState(core, from, cause);
    if (core.readyState === 3) this.#untrack(core);
  }

  // The registry is the observer every socket gets; it also records each socket's transcript.

  accepted(core: SocketCore, allowHalfOpen: boolean | undefined): void {
    recordAccept(core, allowHalfOpen);
  }

  sent(core: SocketCore, frame: Frame): void {
    recordSent(core, frame);
  }

  received(core: SocketCore, frame: Frame): void {
    recordReceived(core, frame);
  }

  reporting(core: SocketCore, event: Event): void {
    recordReportedEvent(core, event);
  }

  reportingError(core: SocketCore, error: unknown, message: string): void {
    recordReportedError(core, error, message);
  }

  /** Every socket still open or closing, oldest first. */
  live(): LiveSocket[] {
    const result: LiveSocket[] = [];
    const connections = new Map<CreationSite, number>();
    for (const [core, origin] of this.#live) {
      // CLOSED, or released (its connection gone, or handed to a caller in a Response): nothing to close.
      if (core.readyState === 3 || core.state === "released") {
        this.#untrack(core);
        continue;
      }
      result.push({
        socket: core.target as WebSocket,
        readyState: core.readyState,
        createdAt: "stack" in origin ? userFrames(origin.stack) : UNSAMPLED_SITE,
        connection: connectionNumber(connections, origin),
        ...(core.hibernation === undefined ? {} : { owner: core.hibernation.owner }),
      });
    }
    return result;
  }

  get size(): number {
    return this.#live.size;
  }

  /**
   * The open sockets whose I/O belongs to `ioContext` (what a Durable Object instance's eviction
   * cuts off): those created there (and still there), from the index, so an eviction visits its
   * own sockets only.
   */
  ownedBy(ioContext: IoContext): SocketCore[] {
    const owned: SocketCore[] = [];
    const inContext = this.#byContext.get(ioContext);
    if (!inContext) return owned;
    for (const core of inContext) {
      if (!this.#live.has(core) || core.readyState === 3 || core.state === "released") {
        inContext.delete(core);
      } else if (core.ioContext === ioContext) {
        owned.push(core);
      }
    }
    return owned;
  }

  forget(core: SocketCore): void {
    this.#untrack(core);
  }

  #untrack(core: SocketCore): void {
    this.#live.delete(core);
    this.#entryOf.get(core)?.delete(core);
  }
}

function connectionNumber(connections: Map<CreationSite, number>, site: CreationSite): number {
  let number = connections.get(site);
  if (number === undefined) {
    number = connections.size + 1;
    connections.set(site, number);
  }
  return number;
}

const OWN_FRAME = /[\\/](?:workers-ws|vitest-environment-workers-ws)[\\/](?:dist|src)[\\/]/;

function userFrames(stack: string | undefined): string {
  if (!stack) return "";
  return stack
    .split("\n")
    .slice(1)
    .filter((line) => !OWN_FRAME.test(line))
    .map((line) => line.trim())
    .join("\n");
}

const registries = new WeakMap<RuntimeContext, SocketRegistry>();

export function socketRegistryOf(context: RuntimeContext): SocketRegistry {
  let registry = registries.get(context);
  if (!registry) {
    registry = new SocketRegistry();
    registries.set(context, registry);
  }
  return registry;
}
