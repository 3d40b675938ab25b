/**
 * Every SQL statement a client sends, told to an observer: Prisma's (through its driver
 * adapter, a round trip to PostgreSQL or a statement on SQLite's connection) and the SQL
 * driver's. BEGIN is told when a transaction starts; COMMIT and ROLLBACK are statements
 * Prisma sends itself. Tests and the benchmark count statements per request with it.
 */
import type { SqlDriver } from "./sql-driver.js";

export type StatementObserver = (sql: string) => void;

type Fn = (...args: unknown[]) => unknown;

/** A proxy of a queryable (adapter or transaction) that tells every statement it runs. */
function told<T extends object>(target: T, observe: StatementObserver): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== "function") return value;
      const method = value as Fn;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: { sql: string }) => {
          observe(query.sql);
          return method.call(object, query);
        };
      }
      if (property === "startTransaction") {
        return async (...args: unknown[]) => {
          observe("BEGIN");
          if (args[0]) observe(`SET TRANSACTION ISOLATION LEVEL ${String(args[0])}`);
          return told((await method.apply(object, args)) as object, observe);
        };
      }
      return method.bind(object);
    },
  });
}

/** A Prisma driver adapter factory whose connections tell their statements. */
export function observedAdapter<T extends object>(factory: T, observe: StatementObserver): T {
  return new Proxy(factory, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (property === "connect") {
        return async () => told((await (value as Fn).call(object)) as object, observe);
      }
      return typeof value === "function" ? (value as Fn).bind(object) : value;
    },
  });
}

export function observedDriver(driver: SqlDriver, observe: StatementObserver): SqlDriver {
  return {
    provider: driver.provider,
    all(statement) {
      observe(statement.text);
      return driver.all(statement);
    },
  };
}
