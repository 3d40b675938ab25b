/**
 * The record writer thread's own connection to the database file, set as Prisma's
 * (better-sqlite3 with safe integers, the busy timeout, foreign keys on): WAL is kept in the
 * file; synchronous FULL, so a committed record survives a power cut; and the longer
 * checkpoint interval of src/db/sqlite-checkpoint.ts, since this connection makes most of
 * the writes (decision 0096).
 */
import BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "../../db/direct.js";
import { SQLITE_BUSY_TIMEOUT_MS } from "../../db/sqlite-busy-timeout.js";
import { SQLITE_WAL_AUTOCHECKPOINT_PAGES } from "../../db/sqlite-checkpoint.js";
import type { RecordThreadFile } from "./append-sqlite-thread.js";

/** The part of better-sqlite3 (a dependency of Prisma's adapter, untyped here) used by the thread. */
export type RecordConnection = SqliteDatabase & {
  defaultSafeIntegers(on: boolean): unknown;
  pragma(sql: string, options?: { simple: boolean }): unknown;
  close(): unknown;
};
const Database = BetterSqlite3 as unknown as new (
  file: string,
  options: { timeout: number; fileMustExist: boolean; readonly: boolean },
) => RecordConnection;

export function openRecordConnection({ file, readonly }: RecordThreadFile): RecordConnection {
  // Read-only as the client's connection is: a client that may not write cannot write records either.
  const opened = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS, fileMustExist: true, readonly });
  opened.defaultSafeIntegers(true);
  opened.pragma("synchronous = FULL");
  opened.pragma("foreign_keys = ON");
  opened.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
  return opened;
}
