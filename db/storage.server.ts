import type SQLite from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/**
 * SQLite result codes that mean the storage itself failed (read-only, disk full, I/O error,
 * damaged file, locked too long), not that a query or a row was wrong. The page then says
 * "cannot save now" (503) instead of a bare "Internal Server Error".
 */
const STORAGE_CODES = /^SQLITE_(READONLY|IOERR|FULL|CORRUPT|NOTADB|CANTOPEN|BUSY|LOCKED|PROTOCOL|PERM)/;

/**
 * Thrown in place of such an error by every Kysely query on a region: a Response, so Remix
 * renders the route's error boundary with status 503, whatever route ran the query. It says
 * which region and which code, never a row.
 */
export class StorageUnavailable extends Response {
  readonly message: string;
  constructor(
    readonly region: string,
    readonly reason: string,
  ) {
    super(null, { status: 503, statusText: "Storage unavailable" });
    this.message = `region ${region}: ${reason}`;
  }
}

export function isStorageFailure(error: unknown): boolean {
  if (error instanceof StorageUnavailable) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && STORAGE_CODES.test(code);
}

/** "SQLITE_READONLY: attempt to write a readonly database": SQLite's words carry no row data. */
export function storageReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `${e.code ?? "error"}: ${e.message ?? String(error)}`.slice(0, 200);
}

function guard<T>(region: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isStorageFailure(e) || e instanceof StorageUnavailable) throw e;
    // One line, no stack: the stack says nothing the code does not, and the operator needs the reason.
    console.error(`Senim: storage failure in region ${region}: ${storageReason(e)}`);
    throw new StorageUnavailable(region, storageReason(e));
  }
}

/** The connection as Kysely sees it, turning storage failures into StorageUnavailable. */
export function guardedDatabase(region: string, sqlite: SQLite.Database): SqliteDatabase {
  return {
    close: () => sqlite.close(),
    prepare(query) {
      const statement = guard(region, () => sqlite.prepare(query));
      return {
        reader: statement.reader,
        all: (parameters) => guard(region, () => statement.all(parameters)),
        run: (parameters) => guard(region, () => statement.run(parameters)),
        iterate: (parameters) => guard(region, () => statement.iterate(parameters)),
      };
    },
  };
}
