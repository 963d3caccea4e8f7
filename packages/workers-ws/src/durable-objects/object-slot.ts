/**
 * One Durable Object id in one namespace: its storage and alarm (kept across evictions, emptied by
 * a reset), its current instance if any, and the slot for its HibernationManager (hibernation/).
 * An instance is
 * constructed on first use, with its own IoContext; every request, RPC call and handler of it runs
 * there. Eviction drops the instance and cuts its IoContext off (its plain-accepted sockets lose
 * their connection); the next call constructs a fresh one over the same storage.
 */
import { WEB_SOCKET_ERRORS } from "../errors/catalogue.js";
import type { RuntimeContext } from "../runtime/context.js";
import { abortIoContext, createIoContext, type IoContext, runInIoContext } from "../runtime/io-context.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import { socketRegistryOf } from "../websocket/socket-registry.js";
import type { WebSocket } from "../websocket/websocket.js";
import { HibernationManager } from "./hibernation/hibernation-manager.js";
import { objectHibernationHost } from "./hibernation/object-host.js";
import type { DurableObjectId } from "./id.js";
import { idHex } from "./id.js";
import { type ResetCause, resetCauseOf, resetError } from "./remote-error.js";
import { DurableObjectState, type StateHost } from "./state.js";
import { type AlarmInfo, AlarmSchedule } from "./storage/alarm-schedule.js";
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

/** Captured at load, so fake timers cannot hold the input gate shut. */
const realSetImmediate = globalThis.setImmediate.bind(globalThis);

/** workerd: the message callers see after ctx.abort() with no reason (observed). */
const DEFAULT_ABORT_MESSAGE = WEB_SOCKET_ERRORS.DurableObjectAborted.message();

/** One constructed instance, from construction to eviction or reset. */
export class LiveInstance {
  object: object | undefined;
  readonly state: DurableObjectState;
  /** Set once the instance was reset: every call that reached it rejects with this. */
  resetCause: ResetCause | undefined;
  readonly #blockers = new Set<Promise<unknown>>();
  #gateLocks = 0;
  readonly #gateWaiters: (() => void)[] = [];
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
            slot.reset(this, resetCauseOf(error));
          },
        );
      },
      keepAlive: (promise) => {
        promise.catch((error: unknown) => slot.namespace.context.reportUncaught(error));
      },
      abort: (reason) => {
        const cause = {
          message: reason === undefined ? DEFAULT_ABORT_MESSAGE : String(reason),
          errorClass: Error,
        };
        slot.reset(this, cause);
        throw resetError(cause);
      },
      hibernation: () => slot.hibernationManager(),
    };
    this.state = new DurableObjectState(
      host,
      slot.id,
      new DurableObjectStorage({
        store: slot.store,
        database: slot.database,
        alarms: slot.alarms,
        // workerd checks for alarm() only once the constructor has finished (actor-state.c++:
        // setAlarm() in the constructor does not throw).
        hasAlarmHandler: () =>
          this.object === undefined ? true : typeof (this.object as { alarm?: unknown }).alarm === "function",
        holdInputGate: () => this.#holdInputGate(),
      }),
    );
  }

  /**
   * Closes the input gate until the next task: the code awaiting a storage operation (its promise
   * settles at once here) runs on, through further operations, before another event gets in.
   */
  #holdInputGate(): void {
    this.#gateLocks++;
    realSetImmediate(() => {
      if (--this.#gateLocks === 0) {
        const waiting = this.#gateWaiters.splice(0);
        for (const resume of waiting) resume();
      }
    });
  }

  #gateOpen(): Promise<void> {
    return this.#gateLocks === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.#gateWaiters.push(resolve));
  }

  /** Waits until no blockConcurrencyWhile() holds the instance; rejects if it was reset. */
  async ready(): Promise<void> {
    while ((this.#blockers.size > 0 || this.#gateLocks > 0) && this.resetCause === undefined) {
      // Wait on what holds the instance now (an empty allSettled would resolve at once and spin).
      const holding = this.#blockers.size > 0 ? Promise.allSettled([...this.#blockers]) : this.#gateOpen();
      await Promise.race([holding, this.#reset]).catch(() => {});
    }
    if (this.resetCause !== undefined) await this.#rejectAsReset();
  }

  throwIfReset(): void {
    if (this.resetCause !== undefined) throw resetError(this.resetCause);
  }

  /**
   * Runs `start()` as a new event of this instance, inside its IoContext: once nothing holds the
   * instance (blockConcurrencyWhile(), the input gate), checked in the same step as the call, as
   * workerd delivers one event at a time, so the first storage operation of one event closes the
   * gate before the next is let in. Settles with it, unless the instance is reset first.
   */
  async run<R>(start: () => R | Promise<R>): Promise<R> {
    do await this.ready();
    while (this.#gateLocks > 0 || this.#blockers.size > 0);
    const work = runInIoContext(this.ioContext, () => {
      try {
        return Promise.resolve(start());
      } catch (error) {
        return Promise.reject(error);
      }
    });
    return this.guard(work);
  }

  /** `work`'s outcome, unless the instance is reset first (then workerd's reset error). */
  async guard<R>(work: Promise<R>): Promise<R> {
    try {
      return await Promise.race([work, this.#reset]);
    } catch (error) {
      if (this.resetCause !== undefined) await this.#rejectAsReset();
      throw error;
    }
  }

  /** Rejects with a fresh reset error, once the reset's events have been delivered. */
  async #rejectAsReset(): Promise<never> {
    await this.#reset.catch(() => {});
    throw resetError(this.resetCause as ResetCause);
  }

  /**
   * @internal Callers learn of the reset once the events it caused have been delivered (workerd:
   * the client of a cut-off socket sees its close before the caller's call rejects, observed).
   */
  markReset(cause: ResetCause): void {
    this.resetCause = cause;
    void deliveryLoop.settle().then(() => this.#rejectReset(resetError(cause)));
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
  /** The object's alarm: kept with its storage, across evictions. */
  readonly alarms = new AlarmSchedule((info) => this.#runAlarm(info));
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

  /** Calls alarm(info) on the current instance; false when it threw (then it is retried). */
  async #runAlarm(info: AlarmInfo): Promise<boolean> {
    const report = (error: unknown) => this.namespace.context.reportUncaught(error);
    try {
      const live = await this.enter();
      const object = live.object as { alarm?: (info: AlarmInfo) => unknown };
      if (typeof object.alarm !== "function") return true;
      await live.run(() => (object.alarm as (info: AlarmInfo) => unknown).call(object, info));
      return true;
    } catch (error) {
      report(error);
      return false;
    }
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
      this.reset(live, resetCauseOf(error));
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

  /**
   * workerd reset (ctx.abort(), a failed blockConcurrencyWhile()): callers of `live` reject, and
   * with workerd's in-memory storage the object's data goes too (observed: a value written before
   * ctx.abort() is gone for the next instance), so the store and the database are emptied.
   */
  reset(live: LiveInstance, cause: ResetCause): void {
    if (live.resetCause !== undefined) return;
    live.markReset(cause);
    if (this.#current === live) {
      this.#drop(live);
      this.store.clear();
      this.database.discard();
      this.alarms.clear();
    }
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
  // The instance's listeners and timers never run again (observed: the object's end gets no close
  // event; runtime/context-timers.ts drops an aborted context's timers).
  abortIoContext(ioContext);
  for (const core of socketRegistryOf(context).ownedBy(ioContext)) {
    if (hibernation?.holds?.(core.target as WebSocket)) continue;
    core.release();
  }
}
