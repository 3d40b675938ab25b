/**
 * The better-sqlite3 adapter with transactions that suit a server and a CLI writing the
 * same file. Prisma's adapter starts transactions with a deferred BEGIN: a transaction that
 * reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another process
 * committed in between, whatever the busy timeout. And its transaction mutex is released
 * only by commit()/rollback(), which @prisma/client calls after COMMIT or ROLLBACK
 * succeeded: when the disk is full, SQLite has already rolled back, the statement fails,
 * and every later transaction waits forever. So here transactions begin IMMEDIATE (the
 * write lock is taken up front, waiting up to the busy timeout), and a failed BEGIN,
 * COMMIT or ROLLBACK rolls back what is left and releases the mutex, at most once.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type { DirectSource, SqliteDatabase, SqliteDirect } from "./direct.js";
import { SQLITE_BUSY_TIMEOUT_MS } from "./sqlite-busy-timeout.js";
import { SQLITE_WAL_AUTOCHECKPOINT_PAGES } from "./sqlite-checkpoint.js";
import type { SqliteConnection } from "./sql-driver.js";

/** SQLite's `threads`: helper threads a large sort may use besides the connection's own. */
export const SQLITE_SORT_HELPER_THREADS = 1;

/** The part of better-sqlite3's Database used here, by the SQL driver and by the record writer. */
type Adapter = SqlDriverAdapter & {
  client: SqliteDatabase & SqliteConnection & { pragma(sql: string): unknown };
};

/** A FIFO lock: one transaction at a time on the one connection. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

function immediateTransactions(adapter: Adapter, lock: Lock): Adapter {
  const db = adapter.client;
  adapter.startTransaction = async () => {
    const unlock = await lock.acquire();
    try {
      db.prepare("BEGIN IMMEDIATE").run();
    } catch (error) {
      unlock();
      throw error;
    }
    let ended = false;
    const end = async () => {
      if (ended) return;
      ended = true;
      // SQLite may have rolled back already (SQLITE_FULL, SQLITE_IOERR): then there is
      // nothing left to undo; otherwise undo it, so the next BEGIN can start.
      try {
        if (db.inTransaction) db.prepare("ROLLBACK").run();
      } finally {
        unlock();
      }
    };
    const run =
      <T>(fn: (q: SqlQuery) => Promise<T>) =>
      async (query: SqlQuery): Promise<T> => {
        try {
          return await fn(query);
        } catch (error) {
          if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql)) await end();
          throw error;
        }
      };
    const tx: Transaction = {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: run((q) => adapter.queryRaw(q)),
      executeRaw: run((q) => adapter.executeRaw(q)),
      commit: end,
      rollback: end,
    };
    return tx;
  };
  return adapter;
}

/**
 * PrismaBetterSQLite3 with immediate transactions, a busy timeout and a releasing lock; its
 * connection is also reachable directly (direct.ts), under the same lock, so work done there
 * never lands inside a Prisma transaction in progress on the one connection. Each connection
 * it opens commits with synchronous FULL, checkpoints at the record thread's interval and
 * sorts large results with a helper thread.
 */
export class PrismaSqliteConcurrent extends PrismaBetterSQLite3 implements DirectSource {
  private connected: SqliteDirect | undefined;

  constructor(url: string, options: { readonly?: boolean } = {}) {
    super({ url, timeout: SQLITE_BUSY_TIMEOUT_MS, ...options });
  }

  /** The connection of the last connect(): src/db/sql-driver.ts reads through it too. */
  connection: SqliteConnection | undefined;

  override async connect() {
    const lock = new Lock();
    const adapter = immediateTransactions((await super.connect()) as Adapter, lock);
    const database = adapter.client;
    // Per connection, so a connection made again after $disconnect has them too.
    // better-sqlite3 is built with WAL's synchronous at NORMAL: FULL, so a committed write
    // survives a power cut. The record thread's checkpoint interval (decision 0096): at
    // SQLite's 1,000 pages this connection's next commit would copy the record thread's
    // longer log back on the event loop.
    database.pragma("synchronous = FULL");
    database.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
    // One helper thread for a sort too large for memory (statistics over a million people):
    // 15% faster at 1M, no consistent cost with the other core busy (decision 0097). A sort that
    // fits in memory, as a partner page's does, never starts it.
    database.pragma(`threads = ${SQLITE_SORT_HELPER_THREADS}`);
    this.connection = database;
    const closing = new AbortController();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = () => {
      this.connected = undefined;
      closing.abort();
      return dispose();
    };
    this.connected = {
      kind: "sqlite",
      closed: closing.signal,
      async exclusive(work) {
        const unlock = await lock.acquire();
        try {
          return await work(database);
        } finally {
          unlock();
        }
      },
    };
    return adapter;
  }

  direct(): SqliteDirect | undefined {
    return this.connected;
  }
}
