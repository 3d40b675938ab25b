/**
 * Faults in the provision-record write, which is one call to the database (a stored
 * function on PostgreSQL, a synchronous transaction on SQLite): around that call (before
 * it, instead of it, after it), and inside it, from a trigger the database itself fires
 * at one of the writes (a failure, or on PostgreSQL the session ended by its own backend).
 */
import { aroundCalls, overrideDirect } from "../src/db/direct.js";
import type { Db } from "../src/db/client.js";

/** The database with each record-writing call passed through `around`. */
export function aroundRecordWrites(db: Db, around: <T>(call: () => Promise<T>) => Promise<T>): Db {
  return overrideDirect(db, (direct) => aroundCalls(direct, around));
}

export class InjectedFault extends Error {
  constructor(where: string) {
    super(`injected fault ${where}: connection terminated unexpectedly`);
    this.name = "InjectedFault";
  }
}

/** Where inside the record write a trigger fails: a table and the write to it. */
export interface FaultPoint {
  table: "ProvisionChainHead" | "ProvisionEvent" | "ProvisionRecordPerson" | "BulkProvisionRecord";
  write: "INSERT" | "UPDATE";
}

/** Every write the record call makes (the bulk ones only with bulk recording on). */
export const FAULT_POINTS: FaultPoint[] = [
  { table: "ProvisionEvent", write: "INSERT" },
  { table: "ProvisionRecordPerson", write: "INSERT" },
  { table: "ProvisionChainHead", write: "UPDATE" },
];
export const BULK_FAULT_POINTS: FaultPoint[] = [
  { table: "BulkProvisionRecord", write: "INSERT" },
  { table: "BulkProvisionRecord", write: "UPDATE" },
];

const onPostgres = (db: Db) =>
  (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";

/**
 * Installs a trigger that fails the write at `point` (`kill`: PostgreSQL ends the session
 * serving it, as a failover would), and returns its removal. It fails every writer of the
 * database meanwhile: a test file's own database copy has no other.
 */
export async function failInside(db: Db, point: FaultPoint, how: "throw" | "kill" = "throw") {
  const name = `teikyo_test_fault_${point.table}_${point.write}`;
  if (onPostgres(db)) {
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION teikyo_test_fault() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_ARGV[0] = 'kill' THEN
          PERFORM pg_terminate_backend(pg_backend_pid());
          PERFORM pg_sleep(5);
        END IF;
        RAISE EXCEPTION 'injected fault at % of %: connection terminated unexpectedly', TG_OP, TG_TABLE_NAME;
      END $$`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "${name}" BEFORE ${point.write} ON "${point.table}" FOR EACH ROW EXECUTE FUNCTION teikyo_test_fault('${how}')`,
    );
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${name}" ON "${point.table}"`);
    };
  }
  if (how === "kill") throw new Error("SQLite has no session to end");
  await db.$executeRawUnsafe(
    `CREATE TRIGGER "${name}" BEFORE ${point.write} ON "${point.table}"
     BEGIN SELECT RAISE(ABORT, 'injected fault at ${point.write} of ${point.table}'); END`,
  );
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${name}"`);
  };
}
