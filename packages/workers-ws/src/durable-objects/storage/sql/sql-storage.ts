/**
 * ctx.storage.sql over Node's embedded SQLite (node:sqlite, Node.js 22.16 or newer for the
 * statement APIs used here), one in-memory database per object id, kept across eviction. Shapes,
 * conversions and errors follow workerd 2026-11-17 (recorded with on-disk SQLite-backed objects):
 * exec(query, ...bindings) runs every statement and returns the last one's Cursor; rows are plain
 * objects (a repeated column name keeps its last value), raw() gives arrays; integers are numbers,
 * BLOBs ArrayBuffers; SQLite errors read "<message>: SQLITE_<CODE>", with the extended code after
 * it when there is one (result-codes.ts).
 */
import { createRequire } from "node:module";
import { createWebSocketError } from "../../../errors/catalogue.js";
import { illegalInvocation } from "../../../webidl/brand-check.js";
import { resultCodeSuffix } from "./result-codes.js";
import { splitStatements } from "./statement-text.js";

type SqlValue = null | number | string | bigint | Uint8Array;
interface NodeStatement {
  columns(): { name: string }[];
  setReturnArrays(enabled: boolean): void;
  setReadBigInts(enabled: boolean): void;
  all(...values: SqlValue[]): SqlValue[][];
  run(...values: SqlValue[]): { changes: number | bigint };
}
interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  close(): void;
}
interface NodeSqlite {
  DatabaseSync: new (path: string) => NodeDatabase;
  StatementSync: { prototype: object };
}

/** workerd: what an SQL transaction statement is refused with (authorizer). */
const TRANSACTION_REFUSED =
  "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.";
const TRANSACTION_KEYWORDS = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]);

let sqlite: NodeSqlite | undefined | null;

/** node:sqlite with the APIs used here, or null when this Node has none. */
function loadSqlite(): NodeSqlite | null {
  if (sqlite !== undefined) return sqlite;
  try {
    const loaded = createRequire(import.meta.url)("node:sqlite") as NodeSqlite;
    sqlite = "setReturnArrays" in loaded.StatementSync.prototype ? loaded : null;
  } catch {
    sqlite = null;
  }
  return sqlite;
}

function missingSqlite(): Error {
  return new Error(
    `workers-ws: ctx.storage.sql needs Node.js 22.16 or newer (its built-in node:sqlite); this is Node.js ${process.version}. The key-value API of ctx.storage works on every supported Node.js.`,
  );
}

/** The database of one object id, opened on first use. */
export class SqlDatabase {
  #db: NodeDatabase | undefined;
  #savepoints = 0;

  /**
   * ctx.storage.transactionSync(fn): `fn()` inside a savepoint, rolled back when it throws (and the
   * exception rethrown); nested calls nest (observed in workerd 2026-11-17: an inner throw undoes
   * only the inner writes). A returned promise is not waited for.
   */
  transactionSync<R>(fn: () => R): R {
    if (!this.enabled) throw createWebSocketError("TransactionSyncNeedsSql");
    const db = this.open();
    const name = `workers_ws_txn_${++this.#savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.#savepoints--;
    }
  }

  constructor(readonly enabled: boolean) {}

  /** Drops the data (a reset, with workerd's in-memory storage); the next use opens a new database. */
  discard(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  open(): NodeDatabase {
    if (!this.enabled) throw createWebSocketError("SqlNotEnabled");
    if (this.#db) return this.#db;
    const module = loadSqlite();
    if (!module) throw missingSqlite();
    this.#db = new module.DatabaseSync(":memory:");
    return this.#db;
  }
}

let databaseOf: (sql: SqlStorage) => SqlDatabase;

export class SqlStorage {
  readonly #database: SqlDatabase;

  /** @internal */
  constructor(database: SqlDatabase) {
    this.#database = database;
  }

  static {
    databaseOf = (sql) => {
      if (!(typeof sql === "object" && sql !== null && #database in sql)) illegalInvocation();
      return sql.#database;
    };
  }

  exec<T extends Record<string, SqlStorageValue> = Record<string, SqlStorageValue>>(
    query: string,
    ...bindings: unknown[]
  ): SqlStorageCursor<T> {
    const db = databaseOf(this).open();
    const statements = splitStatements(String(query));
    if (statements.length === 0) throw new Error("SQL code did not contain a statement.");
    let result: { columns: string[]; rows: SqlStorageValue[][]; written: number } | undefined;
    statements.forEach((statement, index) => {
      const last = index === statements.length - 1;
      const values = last ? bindings : [];
      if (TRANSACTION_KEYWORDS.has(statement.keyword)) throw new Error(TRANSACTION_REFUSED);
      if (statement.parameters !== values.length) {
        throw new Error("Wrong number of parameter bindings for SQL query.");
      }
      result = runStatement(db, statement.sql, values.map(toSqlValue));
    });
    const { columns, rows, written } = result as NonNullable<typeof result>;
    return newCursor<T>(columns, rows, written);
  }

  /** The database's size in bytes (page count × page size). */
  get databaseSize(): number {
    const db = databaseOf(this).open();
    return pragmaNumber(db, "page_count") * pragmaNumber(db, "page_size");
  }
}

/** The number a PRAGMA query answers with. */
function pragmaNumber(db: NodeDatabase, pragma: "page_count" | "page_size"): number {
  const statement = db.prepare(`PRAGMA ${pragma}`);
  // node:sqlite gives rows as objects unless asked for arrays.
  statement.setReturnArrays(true);
  return Number(statement.all()[0]?.[0] ?? 0);
}

export type SqlStorageValue = ArrayBuffer | string | number | null;

function runStatement(db: NodeDatabase, sql: string, values: SqlValue[]) {
  try {
    const statement = db.prepare(sql);
    const columns = statement.columns().map((column) => column.name);
    statement.setReadBigInts(true);
    if (columns.length === 0) {
      const { changes } = statement.run(...values);
      return { columns, rows: [], written: Number(changes) };
    }
    statement.setReturnArrays(true);
    const rows = statement.all(...values).map((row) => row.map(fromSqlValue));
    return { columns, rows, written: 0 };
  } catch (error) {
    throw sqliteError(error);
  }
}

/** workerd: SQLite's message and its result code (result-codes.ts). */
function sqliteError(error: unknown): unknown {
  // node:sqlite's errcode is the extended result code.
  const errcode = (error as { errcode?: unknown }).errcode;
  if (typeof errcode !== "number") return error;
  return new Error(`${(error as Error).message}${resultCodeSuffix(errcode)}`);
}

/** Bindings as workerd converts them (observed): booleans and objects become strings, bigint is refused. */
function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") throw new TypeError("Cannot convert a BigInt value to a number");
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  return String(value);
}

function fromSqlValue(value: SqlValue): SqlStorageValue {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Uint8Array) {
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  }
  return value;
}

export interface SqlStorageCursor<T> extends IterableIterator<T> {
  next(): IteratorResult<T>;
  toArray(): T[];
  one(): T;
  raw<U extends SqlStorageValue[]>(): IterableIterator<U>;
  readonly columnNames: string[];
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

/**
 * The cursor over a statement's rows. The rows are read when exec() runs (workerd steps lazily);
 * rowsRead counts the rows handed out so far, rowsWritten the rows the statement changed.
 */
class Cursor<T> {
  readonly #columns: string[];
  readonly #rows: SqlStorageValue[][];
  readonly #written: number;
  #next = 0;

  constructor(columns: string[], rows: SqlStorageValue[][], written: number) {
    this.#columns = columns;
    this.#rows = rows;
    this.#written = written;
  }

  #take(): SqlStorageValue[] | undefined {
    return this.#next < this.#rows.length ? this.#rows[this.#next++] : undefined;
  }

  #asObject(row: SqlStorageValue[]): T {
    const object: Record<string, SqlStorageValue> = {};
    this.#columns.forEach((name, i) => {
      object[name] = row[i] as SqlStorageValue;
    });
    return object as T;
  }

  next(): IteratorResult<T> {
    const row = this.#take();
    return row === undefined ? { done: true, value: undefined } : { done: false, value: this.#asObject(row) };
  }

  toArray(): T[] {
    const rows: T[] = [];
    for (let row = this.#take(); row !== undefined; row = this.#take()) rows.push(this.#asObject(row));
    return rows;
  }

  one(): T {
    const row = this.#take();
    if (row === undefined) throw new Error("Expected exactly one result from SQL query, but got no results.");
    if (this.#take() !== undefined) {
      this.#next = this.#rows.length;
      throw new Error("Expected exactly one result from SQL query, but got multiple results.");
    }
    return this.#asObject(row);
  }

  raw<U extends SqlStorageValue[]>(): IterableIterator<U> {
    const take = () => this.#take();
    const iterator: IterableIterator<U> = {
      next: () => {
        const row = take();
        return row === undefined ? { done: true, value: undefined } : { done: false, value: [...row] as U };
      },
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.iterator](): this {
    return this;
  }

  get columnNames(): string[] {
    return [...this.#columns];
  }

  get rowsRead(): number {
    return this.#next;
  }

  get rowsWritten(): number {
    return this.#written;
  }
}

for (const [cls, tag] of [
  [SqlStorage, "SqlStorage"],
  [Cursor, "Cursor"],
] as const) {
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
}

function newCursor<T>(columns: string[], rows: SqlStorageValue[][], written: number): SqlStorageCursor<T> {
  return new Cursor<T>(columns, rows, written) as unknown as SqlStorageCursor<T>;
}
