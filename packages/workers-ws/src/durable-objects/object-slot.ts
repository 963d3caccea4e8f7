/**
 * One Durable Object id in one namespace: its storage (kept for the namespace's lifetime), its
 * current instance if any, and the slot for its HibernationManager (hibernation/). An instance is
 * constructed on first use, with its own IoContext; every request, RPC call and handler of it runs
 * there. Eviction drops the instance and cuts its IoContext off (its plain-accepted sockets lose
 * their connection); the next call constructs a fresh one over the same storage.
 */
import { WEB_SOCKET_ERRORS } from "../errors/catalogue.js";
import type { RuntimeContext } from "../runtime/context.js";
import { abortIoContext, createIoContext, type IoContext, runInIoContext } from "../runtime/io-context.js";
import { socketRegistryOf } from "../websocket/socket-registry.js";
import { socketCore, type WebSocket } from "../websocket/websocket.js";
import { HibernationManager } from "./hibernation/hibernation-manager.js";
import { objectHibernationHost } from "./hibernation/object-host.js";
import type { DurableObjectId } from "./id.js";
import { idHex } from "./id.js";
import { resetError } from "./remote-error.js";
import { DurableObjectState, type StateHost } from "./state.js";
import { DurableObjectStorage } from "./storage/durable-object-storage.js";
import { KeyValueStore } from "./storage/key-value-store.js";
import { SqlDatabase } from "./storage/sql/sql-storage.js";

/** A class as the config names it: a DurableObject subclass or a plain `constructor(state, env)`. */
export type DurableObjectClass = new (state: DurableObjectState, env: never) => object;

/** What an object slot needs from its namespace. */
export interface NamespaceHost {
  readonly className: string;
  readonly bindingName: string | undefined;
  /** Whether the class is SQLite-backed (ctx.storage.sql works). */
  readonly sql: boolean;
  readonly context: RuntimeContext;
  loadClass(): Promise<DurableObjectClass>;
  env(): object;
  /** Called when an instance of `slot` is constructed (listDurableObjectIds). */
  constructed(slot: ObjectSlot): void;
}

/**
 * The part of a HibernationManager the slot relies on: whether a socket is one of its
 * hibernatable sockets, which an eviction leaves connected. (do-hibernation's manager.)
 */
export interface HibernationSlot {
  holds?(ws: WebSocket): boolean;
}

/**
 * What the hibernation room's HibernationManager is constructed with (the contract's
 * HibernationHost, declared here structurally so this room does not import that one).
 */
export interface ObjectHost {
  ioContext(): IoContext;
  callHandler(
    name: "webSocketMessage" | "webSocketClose" | "webSocketError",
    args: unknown[],
  ): Promise<"called" | "missing">;
  readonly label: { className: string; bindingName?: string; id: string };
}

/** workerd: the message callers see after ctx.abort() with no reason (observed). */
const DEFAULT_ABORT_MESSAGE = WEB_SOCKET_ERRORS.DurableObjectAborted.message();

/** One constructed instance, from construction to eviction or reset. */
export class LiveInstance {
  object: object | undefined;
  readonly state: DurableObjectState;
  /** Set once the instance was reset: every call that reached it rejects with this message. */
  resetMessage: string | undefined;
  readonly #blockers = new Set<Promise<unknown>>();
  readonly #reset: Promise<never>;
  #rejectReset!: (error: unknown) => void;

  constructor(
    readonly slot: ObjectSlot,
    /** Replaced only when the hibernation event timeout aborts the context (renewIoContext). */
    public ioContext: IoContext,
  ) {
    this.#reset = new Promise<never>((_, reject) => {
      this.#rejectReset = reject;
    });
    this.#reset.catch(() => {});
    const host: StateHost = {
      blockWhile: (work) => {
        this.#blockers.add(work);
        work.then(
          () => this.#blockers.delete(work),
          (error: unknown) => {
            this.#blockers.delete(work);
            slot.reset(this, error instanceof Error ? error.message : String(error));
          },
        );
      },
      keepAlive: (promise) => {
        promise.catch((error: unknown) => slot.namespace.context.reportUncaught(error));
      },
      abort: (reason) => {
        const message = reason === undefined ? DEFAULT_ABORT_MESSAGE : String(reason);
        slot.reset(this, message);
        throw resetError(message);
      },
      hibernation: () => slot.hibernationManager(),
    };
    this.state = new DurableObjectState(host, slot.id, new DurableObjectStorage(slot.store, slot.database));
  }

  /** Waits until no blockConcurrencyWhile() holds the instance; rejects if it was reset. */
  async ready(): Promise<void> {
    while (this.#blockers.size > 0 && this.resetMessage === undefined) {
      await Promise.race([Promise.allSettled([...this.#blockers]), this.#reset]).catch(() => {});
    }
    this.throwIfReset();
  }

  throwIfReset(): void {
    if (this.resetMessage !== undefined) throw resetError(this.resetMessage);
  }

  /** `work`'s outcome, unless the instance is reset first (then workerd's reset error). */
  async guard<R>(work: Promise<R>): Promise<R> {
    try {
      return await Promise.race([work, this.#reset]);
    } catch (error) {
      this.throwIfReset();
      throw error;
    }
  }

  /** @internal */
  markReset(message: string): void {
    this.resetMessage = message;
    this.#rejectReset(resetError(message));
  }
}

/** Which instance a stub reached: a stub whose instance was reset stays broken (workerd). */
export interface StubBinding {
  bound: LiveInstance | undefined;
}

export class ObjectSlot {
  readonly hex: string;
  readonly store = new KeyValueStore();
  readonly database: SqlDatabase;
  /** The hibernation room's manager for this id, created lazily and kept across evictions. */
  hibernation: (HibernationSlot & HibernationManager) | undefined;
  #current: LiveInstance | undefined;
  /** The IoContext the next instance gets (a fresh one after each eviction or reset). */
  #ioContext: IoContext = createIoContext();
  #constructions = 0;

  constructor(
    readonly namespace: NamespaceHost,
    readonly id: DurableObjectId,
  ) {
    this.hex = idHex(id);
    this.database = new SqlDatabase(namespace.sql);
  }

  get current(): LiveInstance | undefined {
    return this.#current;
  }

  /** How many instances were constructed (a test can see a re-construction). */
  get constructions(): number {
    return this.#constructions;
  }

  /** The current instance's IoContext, or the one the next instance will get. */
  get ioContext(): IoContext {
    return this.#ioContext;
  }

  /**
   * The host a HibernationManager for this id is made with: handler calls reach whichever instance
   * is current (constructing one after an eviction), inside its IoContext. A handler's exception
   * goes where the runtime's uncaught errors go (workerd logs it; the socket stays open).
   */
  host(): ObjectHost {
    const label = {
      className: this.namespace.className,
      id: this.hex,
      ...(this.namespace.bindingName === undefined ? {} : { bindingName: this.namespace.bindingName }),
    };
    return {
      label,
      ioContext: () => this.#ioContext,
      callHandler: async (name, args) => {
        const report = (error: unknown) => this.namespace.context.reportUncaught(error);
        let live: LiveInstance;
        try {
          live = await this.enter();
        } catch (error) {
          report(error);
          return "called";
        }
        const object = live.object as Record<string, unknown>;
        const handler = object[name];
        if (typeof handler !== "function") return "missing";
        try {
          await live.guard(
            runInIoContext(live.ioContext, () => {
              try {
                return Promise.resolve(handler.apply(object, args));
              } catch (error) {
                return Promise.reject(error);
              }
            }),
          );
        } catch (error) {
          report(error);
        }
        return "called";
      },
    };
  }

  /**
   * The current instance, constructing one first if there is none, once its constructor and any
   * blockConcurrencyWhile() have finished. `binding` records which instance a stub reached.
   */
  async enter(binding?: StubBinding): Promise<LiveInstance> {
    binding?.bound?.throwIfReset();
    const cls = await this.namespace.loadClass();
    const live = this.#current ?? this.#construct(cls);
    if (binding) binding.bound = live;
    await live.ready();
    return live;
  }

  #construct(cls: DurableObjectClass): LiveInstance {
    const live = new LiveInstance(this, this.#ioContext);
    this.#current = live;
    this.#constructions++;
    this.namespace.constructed(this);
    try {
      live.object = runInIoContext(live.ioContext, () => new cls(live.state, this.namespace.env() as never));
    } catch (error) {
      this.reset(live, error instanceof Error ? error.message : String(error));
    }
    return live;
  }

  /** The object's HibernationManager (ctx.acceptWebSocket and friends), made on first use. */
  hibernationManager(): HibernationManager {
    this.hibernation ??= new HibernationManager(objectHibernationHost(this));
    return this.hibernation;
  }

  /**
   * The hibernation event timeout cut a handler off: workerd aborts the IoContext it ran in, and
   * the next event runs on the same instance (observed in workerd 2026-11-17: no second
   * construction). The instance continues in a fresh IoContext; hibernatable sockets follow it.
   */
  renewIoContext(): void {
    // The aborted context's timers no longer fire (runtime/context-timers.ts).
    abortIoContext(this.#ioContext);
    this.#ioContext = createIoContext();
    if (this.#current) this.#current.ioContext = this.#ioContext;
  }

  /** Drops the instance (workerd eviction or hibernation); storage and stubs stay usable. */
  evict(): void {
    const live = this.#current;
    if (!live) return;
    this.#drop(live);
  }

  /** workerd reset (ctx.abort(), a failed blockConcurrencyWhile()): callers of `live` reject. */
  reset(live: LiveInstance, message: string): void {
    if (live.resetMessage !== undefined) return;
    live.markReset(message);
    if (this.#current === live) this.#drop(live);
  }

  #drop(live: LiveInstance): void {
    this.#current = undefined;
    this.#ioContext = createIoContext();
    cutOff(live.ioContext, this.namespace.context, this.hibernation);
  }
}

/**
 * Ends what an instance's IoContext owned, as workerd does when the object goes away: each of its
 * sockets loses its connection (observed with ctx.abort(): the client end of a plain-accepted
 * socket gets close 1006 "WebSocket disconnected without sending Close frame."). Hibernatable
 * sockets stay connected: they belong to the object, not to the instance.
 */
function cutOff(
  ioContext: IoContext,
  context: RuntimeContext,
  hibernation: HibernationSlot | undefined,
): void {
  const registry = socketRegistryOf(context);
  for (const { socket } of registry.live()) {
    const core = socketCore(socket);
    if (core.ioContext !== ioContext) continue;
    if (hibernation?.holds?.(socket)) continue;
    core.release();
  }
}
