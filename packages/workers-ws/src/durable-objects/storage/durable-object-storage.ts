/**
 * ctx.storage: the key-value API over the object's store (kv-operations.ts) and transactions.
 * Values are structured-cloned on put and on get.
 */
import { createWebSocketError } from "../../errors/catalogue.js";
import { illegalInvocation } from "../../webidl/brand-check.js";
import { type KeyValueStore, type KeyValueView, TransactionOverlay } from "./key-value-store.js";
import { deleteFrom, getFrom, type ListOptions, listFrom, putInto } from "./kv-operations.js";

let viewOf: (storage: DurableObjectStorage) => KeyValueStore;

export class DurableObjectStorage {
  readonly #store: KeyValueStore;

  /** @internal The object slot makes one per instance, over the id's store. */
  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  static {
    viewOf = (storage) => {
      if (!(typeof storage === "object" && storage !== null && #store in storage)) illegalInvocation();
      return storage.#store;
    };
  }

  get(key: string): Promise<unknown>;
  get(keys: string[]): Promise<Map<string, unknown>>;
  get(...args: unknown[]): Promise<unknown> {
    return settled(() => getFrom(viewOf(this), "DurableObjectStorage", args));
  }

  put(key: string, value: unknown): Promise<void>;
  put(entries: Record<string, unknown>): Promise<void>;
  put(...args: unknown[]): Promise<void> {
    return settled(() => putInto(viewOf(this), "DurableObjectStorage", args));
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(...args: unknown[]): Promise<boolean | number> {
    return settled(() => deleteFrom(viewOf(this), "DurableObjectStorage", args));
  }

  list(options?: ListOptions): Promise<Map<string, unknown>>;
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
    // workerd actor-state.c++: "Cannot <op> on rolled back transaction".
    if (rolledBack.has(this)) throw new Error(`Cannot ${op} on rolled back transaction`);
    return this.#view;
  }

  get(...args: unknown[]): Promise<unknown> {
    return settled(() => getFrom(this.#open("get"), "DurableObjectTransaction", args));
  }

  put(...args: unknown[]): Promise<void> {
    return settled(() => putInto(this.#open("put"), "DurableObjectTransaction", args));
  }

  delete(...args: unknown[]): Promise<boolean | number> {
    return settled(() => deleteFrom(this.#open("delete"), "DurableObjectTransaction", args));
  }

  list(...args: unknown[]): Promise<Map<string, unknown>> {
    return settled(() => listFrom(this.#open("list"), "DurableObjectTransaction", args));
  }

  deleteAll(): Promise<void> {
    return settled(() => {
      throw createWebSocketError("StorageDeleteAllInTransaction");
    });
  }

  /** Drops every write of the transaction, before and after this call. */
  rollback(): void {
    this.#open("rollback");
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
