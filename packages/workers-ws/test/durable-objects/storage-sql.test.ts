import { describe, expect, it } from "vitest";
import {
  createDurableObjectNamespace,
  DurableObject,
  type DurableObjectClass,
  evictDurableObject,
  runInDurableObject,
  type SqlStorage,
} from "workers-ws";
import { NEW, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// ctx.storage.sql, recorded in workerd 2026-11-17 with an SQLite-backed class (on-disk storage):
// shapes, conversions and errors. It needs node:sqlite (Node.js 22.16+); on older Node.js the
// error names what is missing.

class Db extends DurableObject {}

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const hasSqlite = major > 22 || (major === 22 && minor >= 16);

function sqlOf(name = "s", sql = true) {
  const ns = createDurableObjectNamespace<Db>({
    className: "Db",
    load: () => Db as DurableObjectClass,
    env: () => ({}),
    sql,
  });
  const stub = ns.getByName(name);
  return {
    stub,
    run: <R>(fn: (sql: SqlStorage) => R) =>
      runInDurableObject(stub, (_o: Db, state) => fn(state.storage.sql)),
  };
}

describe("SQL storage", () => {
  useRuntime({ compatibilityDate: NEW });

  it("refuses SQL on a class that is not SQLite-backed, with workerd's message", async () => {
    const stub = namespaceOf(Db).getByName("kv");
    const message = await runInDurableObject(stub, (_o: Db, state) => {
      expect(typeof state.storage.sql).toBe("object");
      return failure(() => state.storage.sql.exec("select 1"));
    });
    expect(message).toBe(
      "Error: This Durable Object is not backed by SQLite storage, so the SQL API is not available. SQL can be enabled on a new Durable Object class by using the `new_sqlite_classes` instead of `new_classes` under `[[migrations]]` in your wrangler.toml, but an already-deployed class cannot be converted to SQLite (except by deleting the existing data).",
    );
  });

  it("refuses transactionSync() on a class that is not SQLite-backed", async () => {
    const stub = namespaceOf(Db).getByName("kv");
    const messages = await runInDurableObject(stub, async (_o: Db, state) => [
      await failure(() => state.storage.transactionSync(() => 1)),
      await failure(() => (state.storage.transactionSync as () => unknown)()),
    ]);
    expect(messages).toEqual([
      "Error: Durable Object is not backed by SQL.",
      "TypeError: Failed to execute 'transactionSync' on 'DurableObjectStorage': parameter 1 is not of type 'function'.",
    ]);
  });

  it.runIf(!hasSqlite)("names what it needs on a Node.js without node:sqlite", async () => {
    const { run } = sqlOf();
    expect(await run((sql) => failure(() => sql.exec("select 1")))).toBe(
      `Error: workers-ws: ctx.storage.sql needs Node.js 22.16 or newer (its built-in node:sqlite); this is Node.js ${process.version}. The key-value API of ctx.storage works on every supported Node.js.`,
    );
  });

  describe.runIf(hasSqlite)("with node:sqlite", () => {
    it("executes statements and reads rows as workerd's cursor gives them", async () => {
      const { run } = sqlOf();
      const out = await run((sql) => {
        sql.exec("create table t (a integer, b text)");
        const insert = sql.exec("insert into t values (?, ?), (?, ?)", 1, "x", 2, "y");
        const select = sql.exec("select * from t");
        const rows = select.toArray();
        const iter = sql.exec("select a from t");
        const first = iter.next();
        const rest = [...iter];
        return {
          written: insert.rowsWritten,
          rows,
          columns: select.columnNames,
          read: select.rowsRead,
          raw: [...sql.exec("select * from t").raw()],
          one: sql.exec("select * from t where a = 1").one(),
          iter: [first, rest, iter.next().done],
          emptyColumns: sql.exec("select * from t where a = 99").columnNames,
          tag: Object.prototype.toString.call(select),
          size: typeof sql.databaseSize,
        };
      });
      expect(out).toEqual({
        written: 2,
        rows: [
          { a: 1, b: "x" },
          { a: 2, b: "y" },
        ],
        columns: ["a", "b"],
        read: 2,
        raw: [
          [1, "x"],
          [2, "y"],
        ],
        one: { a: 1, b: "x" },
        iter: [{ done: false, value: { a: 1 } }, [{ a: 2 }], true],
        emptyColumns: ["a", "b"],
        tag: "[object Cursor]",
        size: "number",
      });
    });

    it("converts values as workerd does", async () => {
      const { run } = sqlOf();
      const out = await run((sql) => ({
        blob: Object.prototype.toString.call(sql.exec("select ? as b", new Uint8Array([1, 2])).one().b),
        bufferBlob: Object.prototype.toString.call(sql.exec("select ? as v", new ArrayBuffer(2)).one().v),
        big: typeof sql.exec("select 9007199254740993 as b").one().b,
        nulls: sql.exec("select null as n, 1.5 as f").one(),
        undefinedBinding: sql.exec("select ? as v", undefined).one(),
        booleanBinding: sql.exec("select ? as v", true).one(),
        duplicateColumns: sql.exec("select 1 as a, 2 as a").toArray(),
        duplicateRaw: [...sql.exec("select 1 as a, 2 as a").raw()],
        lastStatement: sql.exec("select 1; select 2").toArray(),
      }));
      expect(out).toEqual({
        blob: "[object ArrayBuffer]",
        bufferBlob: "[object ArrayBuffer]",
        big: "number",
        nulls: { n: null, f: 1.5 },
        undefinedBinding: { v: null },
        booleanBinding: { v: "true" },
        duplicateColumns: [{ a: 2 }],
        duplicateRaw: [[1, 2]],
        lastStatement: [{ 2: 2 }],
      });
    });

    it("throws workerd's errors", async () => {
      const { run } = sqlOf();
      const out = await run(async (sql) => {
        sql.exec("create table t (a)");
        return {
          none: await failure(() => sql.exec("select * from t").one()),
          many: await failure(() => {
            sql.exec("insert into t values (1), (2)");
            return sql.exec("select * from t").one();
          }),
          syntax: await failure(() => sql.exec("selec x")),
          table: await failure(() => sql.exec("select * from nope")),
          bindings: await failure(() => sql.exec("select ?", 1, 2)),
          bigint: await failure(() => sql.exec("select ? as v", 5n)),
          empty: await failure(() => sql.exec("")),
          transaction: await failure(() => sql.exec("BEGIN TRANSACTION")),
        };
      });
      expect(out).toEqual({
        none: "Error: Expected exactly one result from SQL query, but got no results.",
        many: "Error: Expected exactly one result from SQL query, but got multiple results.",
        // workerd adds " at offset 0" to a syntax error's message (node:sqlite does not report the offset).
        syntax: 'Error: near "selec": syntax error: SQLITE_ERROR',
        table: "Error: no such table: nope: SQLITE_ERROR",
        bindings: "Error: Wrong number of parameter bindings for SQL query.",
        bigint: "TypeError: Cannot convert a BigInt value to a number",
        empty: "Error: SQL code did not contain a statement.",
        transaction:
          "Error: To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.",
      });
    });

    it("names a constraint violation's extended code after its primary one, as workerd does", async () => {
      const { run } = sqlOf("constraints");
      const out = await run(async (sql) => {
        sql.exec("create table p (id integer primary key)");
        sql.exec(
          "create table t (id integer primary key, code text unique, n integer not null check (n > 0), p integer references p(id))",
        );
        sql.exec("create table s (k text primary key, v integer) strict");
        sql.exec(
          "create trigger no_zero before insert on s when new.v = 0 begin select raise(abort, 'zero refused'); end",
        );
        sql.exec("insert into p values (1)");
        sql.exec("insert into t values (1, 'a', 1, 1)");
        sql.exec("insert into s values ('a', 1)");
        return {
          unique: await failure(() => sql.exec("insert into t (code, n) values ('a', 1)")),
          notNull: await failure(() => sql.exec("insert into t (code, n) values ('b', null)")),
          check: await failure(() => sql.exec("insert into t (code, n) values ('b', 0)")),
          rowid: await failure(() => sql.exec("insert into t values (1, 'c', 1, 1)")),
          textKey: await failure(() => sql.exec("insert into s values ('a', 2)")),
          foreignKey: await failure(() => sql.exec("insert into t (code, n, p) values ('d', 1, 99)")),
          datatype: await failure(() => sql.exec("insert into s values ('e', 'not a number')")),
          trigger: await failure(() => sql.exec("insert into s values ('f', 0)")),
          mismatch: await failure(() => sql.exec("insert into t (id, code, n) values ('x', 'g', 1)")),
        };
      });
      // Recorded in workerd 2026-11-17 with the same statements (foreign keys are enforced there too).
      expect(out).toEqual({
        unique:
          "Error: UNIQUE constraint failed: t.code: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)",
        notNull:
          "Error: NOT NULL constraint failed: t.n: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)",
        check: "Error: CHECK constraint failed: n > 0: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_CHECK)",
        rowid:
          "Error: UNIQUE constraint failed: t.id: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)",
        textKey:
          "Error: UNIQUE constraint failed: s.k: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)",
        foreignKey:
          "Error: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)",
        datatype:
          "Error: cannot store TEXT value in INTEGER column s.v: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_DATATYPE)",
        trigger: "Error: zero refused: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_TRIGGER)",
        mismatch: "Error: datatype mismatch: SQLITE_MISMATCH",
      });
    });

    it("runs transactionSync() as a savepoint: a throw rolls back, nested calls nest", async () => {
      const stub = createDurableObjectNamespace<Db>({
        className: "Db",
        load: () => Db as DurableObjectClass,
        env: () => ({}),
        sql: true,
      }).getByName("txn");
      const out = await runInDurableObject(stub, async (_o: Db, state) => {
        const { sql } = state.storage;
        sql.exec("create table t (a)");
        const returned = state.storage.transactionSync(() => {
          sql.exec("insert into t values (1)");
          return 7;
        });
        const thrown = await failure(() =>
          state.storage.transactionSync(() => {
            sql.exec("insert into t values (2)");
            throw new RangeError("rollback me");
          }),
        );
        const nested = state.storage.transactionSync(() => {
          sql.exec("insert into t values (3)");
          try {
            state.storage.transactionSync(() => {
              sql.exec("insert into t values (4)");
              throw new Error("inner");
            });
          } catch {}
          return sql.exec("select a from t").toArray();
        });
        return { returned, thrown, nested };
      });
      expect(out).toEqual({
        returned: 7,
        thrown: "RangeError: rollback me",
        nested: [{ a: 1 }, { a: 3 }],
      });
    });

    it("gives databaseSize in bytes (page count × page size), growing with the data", async () => {
      const { run } = sqlOf("size");
      const sizes = await run((sql) => {
        sql.exec("create table t (a)");
        const empty = sql.databaseSize;
        sql.exec("insert into t values (?)", "x".repeat(64 * 1024));
        return { empty, full: sql.databaseSize };
      });
      expect(sizes.empty).toBeGreaterThan(0);
      expect(sizes.full - sizes.empty).toBeGreaterThanOrEqual(64 * 1024);
    });

    it("keeps one database per object id, across eviction", async () => {
      const { stub, run } = sqlOf("kept");
      await run((sql) => sql.exec("create table t (a); insert into t values (7)"));
      await evictDurableObject(stub);
      expect(await run((sql) => sql.exec("select a from t").one())).toEqual({ a: 7 });
      expect(await sqlOf("other").run((sql) => failure(() => sql.exec("select a from t")))).toBe(
        "Error: no such table: t: SQLITE_ERROR",
      );
    });
  });
});
