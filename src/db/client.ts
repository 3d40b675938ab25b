/**
 * The Prisma client for a DATABASE_URL. Each database has its own generated client
 * (a Prisma schema names one provider); both come from the one datamodel, so their
 * API is the same and the SQLite client's types serve for both.
 */
import type { PrismaClient } from "../generated/sqlite/client.js";
import { adapterFor, dbTimeoutMs } from "./adapter.js";
import { providerOf } from "./database-url.js";
import { attachDirect } from "./direct.js";

export type Db = PrismaClient;
export type { Order, Person, Prisma } from "../generated/sqlite/client.js";

/** A client whose PostgreSQL statements are bounded by TEIKYO_DB_TIMEOUT_MS (0: unbounded). */
export async function createDb(url: string, options: { statementTimeoutMs?: number } = {}): Promise<Db> {
  const adapter = adapterFor(url, { statementTimeoutMs: options.statementTimeoutMs ?? dbTimeoutMs() });
  if (providerOf(url) === "postgresql") {
    const { PrismaClient: PgClient } = await import("../generated/postgresql/client.js");
    const client = new PgClient({ adapter });
    attachDirect(client, adapter);
    return client as unknown as Db;
  }
  const { PrismaClient: SqliteClient } = await import("../generated/sqlite/client.js");
  const client = new SqliteClient({ adapter });
  attachDirect(client, adapter);
  // WAL (kept in the file): a commit is one fsync of the log instead of the rollback
  // journal's several, and readers do not wait for the record writer. synchronous stays
  // FULL, so a committed provision record survives a power cut.
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  // better-sqlite3 is built with WAL's default at NORMAL: say FULL explicitly.
  await client.$executeRawUnsafe("PRAGMA synchronous = FULL");
  return client;
}
