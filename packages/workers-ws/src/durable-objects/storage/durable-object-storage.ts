/**
 * ctx.storage: the key-value API over the object's store (kv-operations.ts), transactions, and
 * ctx.storage.sql (sql/sql-storage.ts). Values are structured-cloned on put and on get.
 */
import { createWebSocketError } from "../../errors/catalogue.js";
import { illegalInvocation } from "../../webidl/brand-check.js";
import type { AlarmSchedule } from "./alarm-schedule.js";
import { type KeyValueStore, type KeyValueView, TransactionOverlay } from "./key-value-store.js";
import { deleteFrom, getFrom, type ListOptions, listFrom, putInto } from "./kv-operations.js";
import { type SqlDatabase, SqlStorage } from "./sql/sql-storage.js";

/** Accepted as workerd accepts them; in memory they change nothing. */
export interface PutOptions {
  allowConcurrency?: boolean;
  allowUnconfirmed?: boolean;
  noCache?: boolean;
}

let viewOf: (storage: DurableObjectStorage) => KeyValueStore;

/** What an instance's storage is made of: the id's data, and the instance's input gate. */
export interface StorageParts {
  readonly store: KeyValueStore;
  readonly database: SqlDatabase;
  readonly alarms: AlarmSchedule;
  /** Whether the class has alarm() (true until its constructor has finished). */
  hasAlarmHandler(): boolean;
  /**
   * workerd's input gate: while a storage operation is in flight no other event reaches the
   * object, so the code awaiting it continues first (observed: three concurrent
   * `get`-then-`put` increments give 1, 2, 3; with a timer between them, 1, 1, 1).
   */
  holdInputGate(): void;
}

export class DurableObjectStorage {
  readonly #store: KeyValueStore;
  readonly #sql: SqlStorage;
  readonly #database: SqlDatabase;
  readonly #alarms: AlarmSchedule;
  readonly #hasAlarmHandler: () => boolean;
  readonly #holdInputGate: () => void;

  /** @internal The object slot makes one per instance, over the id's store, database and alarm. */
  constructor(parts: StorageParts) {
    this.#store = parts.store;
    this.#sql = new SqlStorage(parts.database);
    this.#database = parts.database;
    this.#alarms = parts.alarms;
    this.#hasAlarmHandler = parts.hasAlarmHandler;
    this.#holdInputGate = parts.holdInputGate;
  }

  /** A storage operation: it closes the object's input gate for a moment (see StorageParts). */
  #operation<R>(fn: () => R): Promise<R> {
    viewOf(this);
    this.#holdInputGate();
    return settled(fn);
  }

  static {
    viewOf = (storage) => {
      if (!(typeof storage === "object" && storage !== null && #store in storage)) illegalInvocation();
      return storage.#store;
    };
  }

  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  get(...args: unknown[]): Promise<unknown> {
    return this.#operation(() => getFrom(viewOf(this), "DurableObjectStorage", args));
  }

  put<T>(key: string, value: T, options?: PutOptions): Promise<void>;
  put<T>(entries: Record<string, T>, options?: PutOptions): Promise<void>;
  put(...args: unknown[]): Promise<void> {
    return this.#operation(() => putInto(viewOf(this), "DurableObjectStorage", args));
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(...args: unknown[]): Promise<boolean | number> {
    return this.#operation(() => deleteFrom(viewOf(this), "DurableObjectStorage", args));
  }

  list<T = unknown>(options?: ListOptions): Promise<Map<string, T>>;
  list(...args: unknown[]): Promise<Map<string, unknown>> {
    return this.#operation(() => listFrom(viewOf(this), "DurableObjectStorage", args));
  }

  deleteAll(): Promise<void> {
    return this.#operation(() => viewOf(this).clear());
  }

  /**
   * Runs `closure(txn)`; its writes are applied when it resolves and dropped when it throws or calls
   * txn.rollback(). Resolves with the closure's result (workerd: a rejection rethrows).
   */
  async transaction<R>(...args: [closure: (txn: DurableObjectTransaction) => R | Promise<R>]): Promise<R> {
    const store = viewOf(this);
    const closure = args[0];
    if (typeof closure !== "function") {
      throw createWebSocketError("ArgumentType", "transaction", "DurableObjectStorage", 1, "function");
    }
    const overlay = new TransactionOverlay(store);
    const txn = new DurableObjectTransaction(overlay, this.#holdInputGate);
    const result = await closure(txn);
    if (!rolledBack.has(txn)) overlay.commit();
    return result;
  }

  /**
   * The object's SQL database. workerd: always present; its methods throw unless the class is
   * SQLite-backed (`new_sqlite_classes`; here the namespace's `sql` option).
   */
  get sql(): SqlStorage {
    viewOf(this);
    return this.#sql;
  }

  /** The scheduled alarm time in ms since the epoch, or null (also while alarm() runs). */
  getAlarm(_options?: { allowConcurrency?: boolean }): Promise<number | null> {
    return this.#operation(() => {
      viewOf(this);
      return this.#alarms.time;
    });
  }

  /**
   * Schedules alarm() for `scheduledTime` (ms since the epoch, or a Date; fractions dropped),
   * replacing any earlier alarm. workerd's errors: not a number or Date, a time <= 0, a class
   * without alarm() (checked once the constructor has finished).
   */
  setAlarm(...args: [scheduledTime: number | Date, options?: object]): Promise<void> {
    return this.#operation(() => {
      viewOf(this);
      const time = args[0];
      if (typeof time !== "number" && !(time instanceof Date)) {
        throw createWebSocketError("ArgumentType", "setAlarm", "DurableObjectStorage", 1, "date");
      }
      const ms = Math.trunc(time instanceof Date ? time.getTime() : time);
      if (!(ms > 0)) throw createWebSocketError("AlarmTimeNotPositive");
      if (!this.#hasAlarmHandler()) throw createWebSocketError("AlarmHandlerMissing");
      this.#alarms.set(ms);
    });
  }

  deleteAlarm(_options?: object): Promise<void> {
    return this.#operation(() => {
      viewOf(this);
      this.#alarms.clear();
    });
  }

  /** Runs `closure()` synchronously as one SQL transaction (SQLite-backed classes only). */
  transactionSync<R>(...args: [closure: () => R]): R {
    viewOf(this);
    const closure = args[0];
    if (typeof closure !== "function") {
      throw createWebSocketError("ArgumentType", "transactionSync", "DurableObjectStorage", 1, "function");
    }
    return this.#database.transactionSync(() => closure());
  }

  /** workerd: resolves once writes are durable; in memory they already are. */
  sync(): Promise<void> {
    return this.#operation(() => {
      viewOf(this);
    });
  }
}

const rolledBack = new WeakSet<DurableObjectTransaction>();

export class DurableObjectTransaction {
  readonly #view: KeyValueView;
  readonly #holdInputGate: () => void;

  /** @internal */
  constructor(view: KeyValueView, holdInputGate: () => void) {
    this.#view = view;
    this.#holdInputGate = holdInputGate;
  }

  #operation<R>(fn: () => R): Promise<R> {
    this.#holdInputGate();
    return settled(fn);
  }

  #open(op: string): KeyValueView {
    // workerd actor-state.c++ (observed: "Cannot put() on rolled back transaction").
    if (rolledBack.has(this)) throw new Error(`Cannot ${op}() on rolled back transaction`);
    return this.#view;
  }

  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  get(...args: unknown[]): Promise<unknown> {
    return this.#operation(() => getFrom(this.#open("get"), "DurableObjectTransaction", args));
  }

  put<T>(key: string, value: T, options?: PutOptions): Promise<void>;
  put<T>(entries: Record<string, T>, options?: PutOptions): Promise<void>;
  put(...args: unknown[]): Promise<void> {
    return this.#operation(() => putInto(this.#open("put"), "DurableObjectTransaction", args));
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(...args: unknown[]): Promise<boolean | number> {
    return this.#operation(() => deleteFrom(this.#open("delete"), "DurableObjectTransaction", args));
  }

  list<T = unknown>(options?: ListOptions): Promise<Map<string, T>>;
  list(...args: unknown[]): Promise<Map<string, unknown>> {
    return this.#operation(() => listFrom(this.#open("list"), "DurableObjectTransaction", args));
  }

  deleteAll(): Promise<void> {
    return this.#operation(() => {
      throw createWebSocketError("StorageDeleteAllInTransaction");
    });
  }

  /** Drops every write of the transaction; later calls on it are refused (a second rollback() is not). */
  rollback(): void {
    rolledBack.add(this);
  }
}

for (const [cls, tag] of [
  [DurableObjectStorage, "DurableObjectStorage"],
  [DurableObjectTransaction, "DurableObjectTransaction"],
] as const) {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}

/** Runs `fn` now and hands its result or its exception over as a promise, as workerd's API does. */
function settled<R>(fn: () => R): Promise<R> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
