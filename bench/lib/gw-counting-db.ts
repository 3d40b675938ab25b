/**
 * A Prisma client like src/db/client.ts's createDb, whose driver adapter counts every SQL
 * statement it sends (a round trip to PostgreSQL; a statement on SQLite's in-process
 * connection) and attributes it to the request that caused it (AsyncLocalStorage). BEGIN is
 * counted when a transaction starts; COMMIT and ROLLBACK are statements Prisma sends itself.
 * createDb takes no logging or adapter option, so the benchmark builds the client the same
 * way with the adapter wrapped. The provision-record write goes to the driver directly, in
 * one call per group (a stored function on PostgreSQL, one synchronous transaction on
 * SQLite): it counts as one statement.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { adapterFor } from "../../src/db/adapter.js";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { aroundCalls, attachDirect, overrideDirect } from "../../src/db/direct.js";

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

type Fn = (...args: unknown[]) => unknown;

/** A proxy of a queryable (adapter or transaction) that notes every statement it runs. */
function counted<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== "function") return value;
      const method = value as Fn;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: { sql: string }) => {
          note(query.sql);
          return method.call(object, query);
        };
      }
      if (property === "startTransaction") {
        return async (...args: unknown[]) => {
          note("BEGIN");
          if (args[0]) note(`SET TRANSACTION ISOLATION LEVEL ${String(args[0])}`);
          return counted((await method.apply(object, args)) as object);
        };
      }
      return method.bind(object);
    },
  });
}

/** A client on `url`; with `count`, its statements are counted per request. */
export async function benchDb(url: string, count: boolean): Promise<Db> {
  if (!count) return createDb(url);
  const base = adapterFor(url);
  const adapter = new Proxy(base, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (property === "connect") {
        return async () => counted((await (value as Fn).call(object)) as object);
      }
      return typeof value === "function" ? (value as Fn).bind(object) : value;
    },
  });
  let client: Db;
  if (providerOf(url) === "postgresql") {
    const { PrismaClient } = await import("../../src/generated/postgresql/client.js");
    client = new PrismaClient({ adapter: adapter as never }) as unknown as Db;
  } else {
    const { PrismaClient } = await import("../../src/generated/sqlite/client.js");
    client = new PrismaClient({ adapter: adapter as never });
  }
  attachDirect(client, base);
  return overrideDirect(client, (direct) =>
    aroundCalls(direct, (call) => {
      note("record write (one call)");
      return call();
    }),
  );
}
