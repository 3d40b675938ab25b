/**
 * The Prisma client for a DATABASE_URL. Each database has its own generated client
 * (a Prisma schema names one provider); both come from the one datamodel, so their
 * API is the same and the SQLite client's types serve for both. The client carries the SQL
 * driver of the partner read path (src/db/sql-driver.ts) over the same pool or connection.
 */
import pg from "pg";
import type { PrismaClient } from "../generated/sqlite/client.js";
import { adapterFor, dbTimeoutMs, pgAdapterOver, pgPoolConfig } from "./adapter.js";
import { providerOf } from "./database-url.js";
import { aroundCalls, attachDirect, type DirectSource } from "./direct.js";
import { attachSqlDriver, pgDriver, sqliteDriver, type SqlDriver } from "./sql-driver.js";
import type { PrismaSqliteConcurrent } from "./sqlite-adapter.js";
import { observedAdapter, observedDriver, type StatementObserver } from "./statement-observer.js";

export type Db = PrismaClient;
export type { Order, Person, Prisma } from "../generated/sqlite/client.js";

export interface DbOptions {
  /** Bounds each PostgreSQL statement (default TEIKYO_DB_TIMEOUT_MS; 0: unbounded). */
  statementTimeoutMs?: number;
  /** Told of every statement sent, Prisma's and the SQL driver's (tests and the benchmark count them). */
  observe?: StatementObserver;
}

/** A client whose PostgreSQL statements are bounded by TEIKYO_DB_TIMEOUT_MS (0: unbounded). */
export async function createDb(url: string, options: DbOptions = {}): Promise<Db> {
  const statementTimeoutMs = options.statementTimeoutMs ?? dbTimeoutMs();
  const observe = options.observe;
  if (providerOf(url) === "postgresql") {
    const { PrismaClient: PgClient } = await import("../generated/postgresql/client.js");
    const pool = new pg.Pool(pgPoolConfig(url, { statementTimeoutMs }));
    const adapter = pgAdapterOver(pool);
    const client = new PgClient({
      adapter: observe ? observedAdapter(adapter, observe) : adapter,
    }) as unknown as Db;
    attachSqlDriver(client, observed(pgDriver(pool), observe));
    attachDirect(client, observedDirect(adapter, observe));
    return client;
  }
  const { PrismaClient: SqliteClient } = await import("../generated/sqlite/client.js");
  const adapter = adapterFor(url, { statementTimeoutMs }) as PrismaSqliteConcurrent;
  const client = new SqliteClient({ adapter: observe ? observedAdapter(adapter, observe) : adapter });
  // WAL (kept in the file): a commit is one fsync of the log instead of the rollback
  // journal's several, and readers do not wait for the record writer. Each connection says
  // synchronous FULL (sqlite-adapter.ts), so a committed provision record survives a power cut.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  const connection = async () => {
    // After $disconnect the adapter connects again on the next Prisma call: make it so here.
    if (!adapter.connection?.open) await client.$connect();
    if (!adapter.connection?.open) throw new Error("The SQLite connection is closed.");
    return adapter.connection;
  };
  attachSqlDriver(client, observed(sqliteDriver(connection), observe));
  attachDirect(client, observedDirect(adapter, observe));
  return client;
}

const observed = (driver: SqlDriver, observe: StatementObserver | undefined) =>
  observe ? observedDriver(driver, observe) : driver;

/** The record writer's one call (direct.ts) told to the observer as one statement. */
function observedDirect(source: DirectSource, observe: StatementObserver | undefined): DirectSource {
  if (!observe) return source;
  return {
    direct() {
      const direct = source.direct();
      return (
        direct &&
        aroundCalls(direct, (call) => {
          observe(
            direct.kind === "postgresql"
              ? "SELECT teikyo_append_provisions(...)"
              : "record write transaction",
          );
          return call();
        })
      );
    },
  };
}
