/**
 * Hand-written SQL on the partner read path, past Prisma's per-call query compiler (about a
 * quarter of a partner request's CPU went there, decision 0083). A driver runs one statement
 * on the connection Prisma itself uses: the same `pg` pool, or the same better-sqlite3
 * connection. Statements are prepared once (a named statement per pool connection; a cached
 * better-sqlite3 statement) and return plain rows, which the caller decodes with the column
 * kinds of src/db/tables.ts. Prisma keeps the schema, the migrations and every other path.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { Db } from "./client.js";
import type { Provider } from "./database-url.js";

export interface SqlStatement {
  /** What it reads, "model.operation" (for tests that prove what was or was not read). */
  label: string;
  text: string;
  params: readonly unknown[];
}

export interface SqlDriver {
  readonly provider: Provider;
  /** The rows of one statement, keyed by column name. */
  all(statement: SqlStatement): Promise<Record<string, unknown>[]>;
}

/** The part of better-sqlite3 used here (the adapter's own connection). */
export interface SqliteConnection {
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
}
interface SqliteStatement {
  run(...params: unknown[]): unknown;
  safeIntegers(on: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
}

/** Instants as each database compares them with a DateTime column (as Prisma writes them). */
function bound(value: unknown, provider: Provider): unknown {
  if (!(value instanceof Date)) return value;
  const iso = value.toISOString();
  // SQLite: Prisma's text form. PostgreSQL: timestamp(3) holds UTC wall time, no zone.
  return provider === "sqlite" ? iso.replace("Z", "+00:00") : iso.slice(0, -1);
}

// timestamp(3) (OID 1114) is UTC wall time: pg's default parser would read it as local time.
const TIMESTAMP = 1114;
const utcTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);

export function pgDriver(pool: pg.Pool): SqlDriver {
  const names = new Map<string, string>();
  const types = {
    getTypeParser: ((oid: number, format?: "text") =>
      oid === TIMESTAMP
        ? utcTimestamp
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // A named statement is parsed and planned once per pooled connection. The texts are a
  // small closed set (rule shape x filters x granted columns); past 256 of them, unnamed.
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name && names.size < 256) {
      name = `teikyo_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    provider: "postgresql",
    async all({ text, params }) {
      const result = await pool.query({
        name: nameOf(text),
        text,
        values: params.map((p) => bound(p, "postgresql")),
        types,
      });
      return result.rows as Record<string, unknown>[];
    },
  };
}

/** `connection` answers the adapter's current connection (it opens on first use). */
export function sqliteDriver(connection: () => Promise<SqliteConnection>): SqlDriver {
  const prepared = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  return {
    provider: "sqlite",
    async all({ text, params }) {
      const conn = await connection();
      let cache = prepared.get(conn);
      if (!cache) prepared.set(conn, (cache = new Map()));
      let statement = cache.get(text);
      if (!statement) {
        // Integers here are counts and amounts, well inside 2^53 (Prisma's adapter reads BigInt).
        statement = conn.prepare(text).safeIntegers(false);
        if (cache.size < 256) cache.set(text, statement);
      }
      return statement.all(...params.map((p) => bound(p, "sqlite"))) as Record<string, unknown>[];
    },
  };
}

/**
 * For a Prisma client not made by createDb (a test's read-only SQLite client): the same
 * statements through $queryRawUnsafe, slower but the same answers.
 */
function prismaDriver(db: Db): SqlDriver {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider !== "sqlite" && provider !== "postgresql") throw new Error(`No SQL driver for ${provider}.`);
  return {
    provider,
    all: ({ text, params }) =>
      db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params.map((p) => bound(p, provider))),
  };
}

const DRIVER = Symbol.for("teikyo.sqlDriver");
const fallbacks = new WeakMap<object, SqlDriver>();

/** createDb gives its client the driver over the same connection. */
export function attachSqlDriver(db: Db, driver: SqlDriver): void {
  // Configurable: a proxy of the client (withSqlDriver) may answer another driver for it.
  Object.defineProperty(db, DRIVER, { value: driver, enumerable: false, configurable: true, writable: true });
}

/** The SQL driver of a client (or of a proxy of one: the property reads through). */
export function sqlDriverOf(db: Db): SqlDriver {
  const attached = (db as unknown as Record<symbol, SqlDriver | undefined>)[DRIVER];
  if (attached) return attached;
  let fallback = fallbacks.get(db);
  if (!fallback) fallbacks.set(db, (fallback = prismaDriver(db)));
  return fallback;
}

/** A client whose driver is `wrap(driver)`: tests and the benchmark observe statements so. */
export function withSqlDriver(db: Db, wrap: (driver: SqlDriver) => SqlDriver): Db {
  const driver = wrap(sqlDriverOf(db));
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === DRIVER) return driver;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
