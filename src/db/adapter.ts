/**
 * The Prisma driver adapter for a DATABASE_URL. Used by the runtime client and by
 * prisma.config.ts, so migrations and queries always reach the same database.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { envInt } from "../env.js";
import { providerOf } from "./database-url.js";
import type { DirectSource, PgDirect } from "./direct.js";
import { splitSqlScript } from "./sql-script.js";
import { PrismaSqliteConcurrent } from "./sqlite-adapter.js";

export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** The bound on one database call on the request path (TEIKYO_DB_TIMEOUT_MS). */
export const dbTimeoutMs = () => envInt(process.env, "TEIKYO_DB_TIMEOUT_MS", 10_000, 100);

/**
 * `statementTimeoutMs` bounds each PostgreSQL statement (the server and the CLI's queries;
 * not migrations, which may rewrite large tables). Waiting for a pooled connection is
 * bounded by TEIKYO_DB_TIMEOUT_MS either way.
 */
export function adapterFor(url: string, options: { statementTimeoutMs?: number } = {}) {
  if (providerOf(url) === "postgresql") return new PrismaPgReleasing(pgPoolConfig(url, options));
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return new PrismaSqliteConcurrent(`file:${file}`);
}

export function pgPoolConfig(url: string, options: { statementTimeoutMs?: number } = {}): pg.PoolConfig {
  return {
    connectionString: url,
    max: envInt(process.env, "DATABASE_POOL_SIZE", 10, 1),
    connectionTimeoutMillis: dbTimeoutMs(),
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  };
}

/** Prisma's adapter over a pool the caller made (createDb shares it with src/db/sql-driver.ts). */
export function pgAdapterOver(pool: pg.Pool) {
  return new PrismaPgReleasing(pool, { disposeExternalPool: true });
}

type PgTransaction = Awaited<ReturnType<Awaited<ReturnType<PrismaPg["connect"]>>["startTransaction"]>>;

/**
 * PrismaPg whose transactions always give their connection back, whose pool is reachable
 * directly (direct.ts), and whose scripts (migrations) are split into statements outside
 * quotes, comments and dollar-quoted bodies: PrismaPg splits at every `;`, which breaks a
 * PL/pgSQL function in a migration (docs/decisions/0086).
 *
 * Transactions: @prisma/client ends an
 * interactive transaction by sending COMMIT or ROLLBACK and only then asks the adapter to
 * release the connection; when that statement fails (the session was ended by a failover, a
 * restart or a network drop), the release never comes and the pool loses the connection for
 * good. After DATABASE_POOL_SIZE such failures every query waits forever. So a failed COMMIT
 * or ROLLBACK releases the connection here (pg drops a dead one from the pool), at most once.
 */
class PrismaPgReleasing extends PrismaPg implements DirectSource {
  private connected: PgDirect | undefined;

  override async connect() {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) =>
      releaseOnFailedEnd(await startTransaction(isolationLevel));
    const pool = adapter.underlyingDriver() as pg.Pool;
    adapter.executeScript = async (script) => {
      for (const statement of splitSqlScript(script))
        await adapter.executeRaw({ sql: statement, args: [], argTypes: [] });
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      this.connected = undefined;
      return dispose();
    };
    this.connected = { kind: "postgresql", pool };
    return adapter;
  }

  direct(): PgDirect | undefined {
    return this.connected;
  }
}

function releaseOnFailedEnd(tx: PgTransaction): PgTransaction {
  let released = false;
  const once = (end: () => Promise<void>) => async () => {
    if (released) return;
    released = true;
    await end();
  };
  const commit = once(tx.commit.bind(tx));
  const rollback = once(tx.rollback.bind(tx));
  const executeRaw = tx.executeRaw.bind(tx);
  return Object.assign(tx, {
    commit,
    rollback,
    async executeRaw(query: Parameters<PgTransaction["executeRaw"]>[0]) {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql)) await rollback();
        throw error;
      }
    },
  });
}
