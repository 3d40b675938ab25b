/**
 * The record writer thread (append-sqlite-thread.ts): its own connection to the database
 * file, set as Prisma's (better-sqlite3 with safe integers, the busy timeout, foreign keys
 * on; WAL is kept in the file, synchronous FULL so a committed record survives a power
 * cut), running each group's append transaction (append-sqlite.ts) and answering with the
 * appended events or the driver's error.
 */
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "../../db/direct.js";
import { SQLITE_BUSY_TIMEOUT_MS } from "../../db/sqlite-busy-timeout.js";
import type { AppendJob, AppendReply, RecordThreadFile } from "./append-sqlite-thread.js";
import { appendInTransaction } from "./append-sqlite.js";

/** The part of better-sqlite3 (a dependency of Prisma's adapter, untyped here) used by this thread. */
type Connection = SqliteDatabase & {
  defaultSafeIntegers(on: boolean): unknown;
  pragma(sql: string): unknown;
};
const Database = BetterSqlite3 as unknown as new (
  file: string,
  options: { timeout: number; fileMustExist: boolean; readonly: boolean },
) => Connection;

const { file, readonly } = workerData as RecordThreadFile;
let db: Connection | undefined;

/** Opened on the first job, so a file that cannot be opened fails that job with its code. */
function connection(): Connection {
  if (!db) {
    // Read-only as the client's connection is: a client that may not write cannot write records either.
    const opened = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS, fileMustExist: true, readonly });
    opened.defaultSafeIntegers(true);
    opened.pragma("synchronous = FULL");
    opened.pragma("foreign_keys = ON");
    db = opened;
  }
  return db;
}

parentPort?.on("message", ({ id, chain, drafts }: AppendJob) => {
  let reply: AppendReply;
  try {
    reply = { id, events: appendInTransaction(connection(), chain, drafts) };
  } catch (caught) {
    const e = caught as Error & { code?: unknown };
    reply = { id, error: { name: e.name, message: e.message, code: e.code, stack: e.stack } };
  }
  parentPort?.postMessage(reply);
});
