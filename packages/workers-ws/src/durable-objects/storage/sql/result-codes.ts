/**
 * SQLite's result code names, for workerd's wording of an SQLite error (observed in workerd
 * 2026-11-17 with on-disk SQLite-backed objects): "<SQLite's message>: SQLITE_<primary code>", and
 * when the extended code says more than the primary one, " (extended: SQLITE_<extended code>)",
 * as in "UNIQUE constraint failed: t.a: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)".
 */

/** The primary result codes, by number. */
const PRIMARY_CODES = [
  "OK",
  "ERROR",
  "INTERNAL",
  "PERM",
  "ABORT",
  "BUSY",
  "LOCKED",
  "NOMEM",
  "READONLY",
  "INTERRUPT",
  "IOERR",
  "CORRUPT",
  "NOTFOUND",
  "FULL",
  "CANTOPEN",
  "PROTOCOL",
  "EMPTY",
  "SCHEMA",
  "TOOBIG",
  "CONSTRAINT",
  "MISMATCH",
  "MISUSE",
  "NOLFS",
  "AUTH",
  "FORMAT",
  "RANGE",
  "NOTADB",
];

/**
 * The extended codes a statement on an in-memory database can end with (sqlite3.h: the primary
 * code in the low byte, the variant above it). The I/O, locking and file-opening variants cannot
 * occur without a file, so they are not listed; one of them would read without its " (extended: …)".
 */
const EXTENDED_CODES = new Map<number, string>([
  [1 | (1 << 8), "ERROR_MISSING_COLLSEQ"],
  [1 | (2 << 8), "ERROR_RETRY"],
  [1 | (3 << 8), "ERROR_SNAPSHOT"],
  [4 | (2 << 8), "ABORT_ROLLBACK"],
  [19 | (1 << 8), "CONSTRAINT_CHECK"],
  [19 | (2 << 8), "CONSTRAINT_COMMITHOOK"],
  [19 | (3 << 8), "CONSTRAINT_FOREIGNKEY"],
  [19 | (4 << 8), "CONSTRAINT_FUNCTION"],
  [19 | (5 << 8), "CONSTRAINT_NOTNULL"],
  [19 | (6 << 8), "CONSTRAINT_PRIMARYKEY"],
  [19 | (7 << 8), "CONSTRAINT_TRIGGER"],
  [19 | (8 << 8), "CONSTRAINT_UNIQUE"],
  [19 | (9 << 8), "CONSTRAINT_VTAB"],
  [19 | (10 << 8), "CONSTRAINT_ROWID"],
  [19 | (11 << 8), "CONSTRAINT_PINNED"],
  [19 | (12 << 8), "CONSTRAINT_DATATYPE"],
]);

/** What workerd appends to SQLite's message for the (extended) result code `errcode`. */
export function resultCodeSuffix(errcode: number): string {
  const primary = errcode & 0xff;
  const suffix = `: SQLITE_${PRIMARY_CODES[primary] ?? String(primary)}`;
  const extended = errcode === primary ? undefined : EXTENDED_CODES.get(errcode);
  return extended === undefined ? suffix : `${suffix} (extended: SQLITE_${extended})`;
}
