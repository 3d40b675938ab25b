/**
 * A client like src/db/client.ts's createDb whose statements (Prisma's and the SQL
 * driver's, src/db/statement-observer.ts) are counted and attributed to the request that
 * caused them (AsyncLocalStorage). The provision-record write, one call per group (a
 * stored function on PostgreSQL, one synchronous transaction on SQLite), counts as one.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createDb, type Db } from "../../src/db/client.js";

export interface QueryLog {
  count: number;
  /** The statements' SQL, when asked for (evidence of what a request costs). */
  statements?: string[];
}

const requestLog = new AsyncLocalStorage<QueryLog>();

/** Everything counted by this process, attributed or not. */
export const queryTotals = { statements: 0, unattributed: 0 };

/** Runs `fn` with its statements counted in `log`. */
export function withQueryLog<T>(log: QueryLog, fn: () => T): T {
  return requestLog.run(log, fn);
}

function note(sql: string): void {
  queryTotals.statements++;
  const log = requestLog.getStore();
  if (!log) {
    queryTotals.unattributed++;
    return;
  }
  log.count++;
  log.statements?.push(sql.length > 2000 ? `${sql.slice(0, 2000)}...` : sql);
}

/** A client on `url`; with `count`, its statements are counted per request. */
export function benchDb(url: string, count: boolean): Promise<Db> {
  return createDb(url, count ? { observe: note } : {});
}
