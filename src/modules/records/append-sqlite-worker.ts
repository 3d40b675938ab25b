/**
 * The record writer thread (append-sqlite-thread.ts): its own connection to the database
 * file (record-connection.ts), running each group's append transaction (append-sqlite.ts)
 * and answering with the appended events or the driver's error.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { AppendJob, AppendReply, RecordThreadFile } from "./append-sqlite-thread.js";
import { appendInTransaction } from "./append-sqlite.js";
import { openRecordConnection, type RecordConnection } from "./record-connection.js";

let db: RecordConnection | undefined;

/** Opened on the first job, so a file that cannot be opened fails that job with its code. */
function connection(): RecordConnection {
  db ??= openRecordConnection(workerData as RecordThreadFile);
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
