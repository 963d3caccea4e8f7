/**
 * ctx.storage: the key-value API over the object's store (kv-operations.ts), transactions, and
 * ctx.storage.sql (sql/sql-storage.ts). Values are structured-cloned on put and on get.
 */
import { createWebSocketError } from "../../errors/catalogue.js";
import { illegalInvocation } from "../../webidl/brand-check.js";
import { type KeyValueStore, type KeyValueView, TransactionOverlay } from "./key-value-store.js";
import { deleteFrom, getFrom, type ListOptions, listFrom, putInto } from "./kv-operations.js";
import { type SqlDatabase, SqlStorage } from "./sql/sql-storage.js";

let viewOf: (storage: DurableObjectStorage) => KeyValueStore;

export class DurableObjectStorage {
  readonly #store: KeyValueStore;
  readonly #sql: SqlStorage;

  /** @internal The object slot makes one per instance, over the id's store and database. */
  constructor(store: KeyValueStore, database: SqlDatabase) {
    this.#store = store;
    this.#sql = new SqlStorage(database);
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
    return settled(() => getFrom(viewOf(this), "DurableObjectStorage", args));
  }

  put<T>(key: string, value: T): Promise<void>;
  put<T>(entries: Record<string, T>): Promise<void>;
  put(...args: unknown[]): Promise<void> {
    return settled(() => putInto(viewOf(this), "DurableObjectStorage", args));
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(...args: unknown[]): Promise<boolean | number> {
    return settled(() => deleteFrom(viewOf(this), "DurableObjectStorage", args));
  }

  list<T = unknown>(options?: ListOptions): Promise<Map<string, T>>;
  list(...args: unknown[]): Promise<Map<string, unknown>> {
    return settled(() => listFrom(viewOf(this), "DurableObjectStorage", args));
  }

  deleteAll(): Promise<void> {
    return settled(() => viewOf(this).clear());
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
    const txn = new DurableObjectTransaction(overlay);
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

  /** workerd: resolves once writes are durable; in memory they already are. */
  sync(): Promise<void> {
    return settled(() => {
      viewOf(this);
    });
  }
}

const rolledBack = new WeakSet<DurableObjectTransaction>();

export class DurableObjectTransaction {
  readonly #view: KeyValueView;

  /** @internal */
  constructor(view: KeyValueView) {
    this.#view = view;
  }

  #open(op: string): KeyValueView {
    // workerd actor-state.c++ (observed: "Cannot put() on rolled back transaction").
    if (rolledBack.has(this)) throw new Error(`Cannot ${op}() on rolled back transaction`);
    return this.#view;
  }

  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  get(...args: unknown[]): Promise<unknown> {
    return settled(() => getFrom(this.#open("get"), "DurableObjectTransaction", args));
  }

  put<T>(key: string, value: T): Promise<void>;
  put<T>(entries: Record<string, T>): Promise<void>;
  put(...args: unknown[]): Promise<void> {
    return settled(() => putInto(this.#open("put"), "DurableObjectTransaction", args));
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(...args: unknown[]): Promise<boolean | number> {
    return settled(() => deleteFrom(this.#open("delete"), "DurableObjectTransaction", args));
  }

  list<T = unknown>(options?: ListOptions): Promise<Map<string, T>>;
  list(...args: unknown[]): Promise<Map<string, unknown>> {
    return settled(() => listFrom(this.#open("list"), "DurableObjectTransaction", args));
  }

  deleteAll(): Promise<void> {
    return settled(() => {
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
