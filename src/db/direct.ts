/**
 * The driver under a Db (the `pg` pool, or the one better-sqlite3 connection with its
 * transaction lock), for the hot path that skips Prisma's per-call query compiler: the
 * provision-record write (docs/decisions/0086). The adapter factory remembers what it
 * connected (src/db/adapter.ts, sqlite-adapter.ts); createDb attaches the factory to the
 * client under a symbol, which wrappers (Proxy) of the client pass through.
 */
import type pg from "pg";
import type { Db } from "./client.js";

/** The part of better-sqlite3's Database (a dependency of Prisma's adapter) used directly. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], T>(fn: (...args: A) => T): { immediate(...args: A): T };
  readonly inTransaction: boolean;
  /** The file it opened. */
  readonly name: string;
  /** Whether it was opened read-only: the record thread's connection then is too. */
  readonly readonly: boolean;
}

/** The SQLite connection Prisma uses, taken for one synchronous piece of work at a time. */
export interface SqliteDirect {
  kind: "sqlite";
  /**
   * Runs `work` once no Prisma transaction holds the connection, and none starts meanwhile
   * (until the promise `work` may return settles).
   */
  exclusive<T>(work: (database: SqliteDatabase) => T | Promise<T>): Promise<T>;
  /** Aborted when the adapter is disposed ($disconnect): what was started for this connection stops. */
  closed: AbortSignal;
}

export interface PgDirect {
  kind: "postgresql";
  pool: pg.Pool;
}

export type Direct = PgDirect | SqliteDirect;

/** What an adapter factory offers once connected (undefined before). */
export interface DirectSource {
  direct(): Direct | undefined;
}

const SOURCE = Symbol.for("teikyo.db.direct");

export function attachDirect(db: object, source: DirectSource): void {
  Object.defineProperty(db, SOURCE, { value: source, configurable: true });
}

/**
 * The driver under `db`. Fails when the client was not made by createDb (a plain
 * PrismaClient has no way to reach it): the caller's write then fails, it never goes
 * around the driver.
 */
export async function directOf(db: Db): Promise<Direct> {
  const source = (db as unknown as Record<symbol, DirectSource | undefined>)[SOURCE];
  if (!source) throw new Error("This database client has no direct driver (not made by createDb).");
  let direct = source.direct();
  if (!direct) {
    // Prisma connects its adapter lazily, on the first query.
    await db.$connect();
    direct = source.direct();
  }
  if (!direct) throw new Error("The database adapter did not connect.");
  return direct;
}

/**
 * The same client with its direct driver passed through `wrap`: fault injection in tests,
 * statement counting in the bench. Everything else goes to the client itself.
 */
export function overrideDirect<T extends object>(db: T, wrap: (direct: Direct) => Direct): T {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === SOURCE) {
        const source = Reflect.get(target, prop, receiver) as DirectSource | undefined;
        return source && { direct: () => ((d) => d && wrap(d))(source.direct()) };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A direct driver whose record-writing calls go through `around` (which may fail, wait, or count). */
export function aroundCalls(direct: Direct, around: <T>(call: () => Promise<T>) => Promise<T>): Direct {
  if (direct.kind === "sqlite")
    return { ...direct, exclusive: (work) => around(() => direct.exclusive(work)) };
  const pool = direct.pool;
  const query = ((...args: Parameters<pg.Pool["query"]>) =>
    around(() => (pool.query as (...a: unknown[]) => Promise<unknown>)(...args))) as pg.Pool["query"];
  return { kind: "postgresql", pool: Object.assign(Object.create(pool) as pg.Pool, { query }) };
}
