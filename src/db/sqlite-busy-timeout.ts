/**
 * How long a SQLite writer waits for another connection's write lock (better-sqlite3's
 * `timeout`): Prisma's connection and the record thread's alike. A module of its own, so
 * the record thread does not load Prisma's adapter to read it.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
