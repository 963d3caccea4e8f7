/**
 * The bytes of one Durable Object's key-value storage. It belongs to the object id, not to an
 * instance, so it outlives eviction (one per id per namespace, for the namespace's lifetime).
 * Keys are ordered as workerd orders them: by their UTF-8 bytes.
 */

/** What reads and writes go through: the store itself, or a transaction's overlay on it. */
export interface KeyValueView {
  read(key: string): Buffer | undefined;
  write(key: string, value: Buffer): void;
  remove(key: string): boolean;
  /** Every key, sorted by UTF-8 bytes. */
  sortedKeys(): string[];
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export class KeyValueStore implements KeyValueView {
  readonly #entries = new Map<string, Buffer>();
  #sorted: string[] | undefined;

  read(key: string): Buffer | undefined {
    return this.#entries.get(key);
  }

  write(key: string, value: Buffer): void {
    if (!this.#entries.has(key)) this.#sorted = undefined;
    this.#entries.set(key, value);
  }

  remove(key: string): boolean {
    const had = this.#entries.delete(key);
    if (had) this.#sorted = undefined;
    return had;
  }

  sortedKeys(): string[] {
    this.#sorted ??= [...this.#entries.keys()].sort(compareKeys);
    return this.#sorted;
  }

  clear(): void {
    this.#entries.clear();
    this.#sorted = undefined;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * A transaction's writes, kept apart until the closure finishes: committed then, dropped on a
 * throw or rollback().
 */
export class TransactionOverlay implements KeyValueView {
  readonly #changes = new Map<string, Buffer | null>();

  constructor(readonly base: KeyValueView) {}

  read(key: string): Buffer | undefined {
    const changed = this.#changes.get(key);
    if (changed === null) return undefined;
    return changed ?? this.base.read(key);
  }

  write(key: string, value: Buffer): void {
    this.#changes.set(key, value);
  }

  remove(key: string): boolean {
    const had = this.read(key) !== undefined;
    this.#changes.set(key, null);
    return had;
  }

  sortedKeys(): string[] {
    const keys = new Set(this.base.sortedKeys());
    for (const [key, value] of this.#changes) {
      if (value === null) keys.delete(key);
      else keys.add(key);
    }
    return [...keys].sort(compareKeys);
  }

  commit(): void {
    for (const [key, value] of this.#changes) {
      if (value === null) this.base.remove(key);
      else this.base.write(key, value);
    }
    this.#changes.clear();
  }
}
