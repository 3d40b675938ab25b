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

/** Every write the record call makes; with bulk recording on, also the bulk record's update (its people have one). */
export const FAULT_POINTS: FaultPoint[] = [
  { table: "ProvisionEvent", write: "INSERT" },
  { table: "ProvisionRecordPerson", write: "INSERT" },
  { table: "ProvisionChainHead", write: "UPDATE" },
];
export const BULK_FAULT_POINTS: FaultPoint[] = [{ table: "BulkProvisionRecord", write: "UPDATE" }];

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

/**
 * Dooms the record writes of chosen operations (by operation hash) inside the database: a
 * trigger fails the event's insert or its people's (`kill`: PostgreSQL ends the session),
 * while every other write goes through. A doomed request in a group fails the group's call
 * midway, so this also exercises the writer's retry of each request alone.
 */
export async function doomedOperations(db: Db) {
  const postgres = onPostgres(db);
  await db.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS teikyo_test_doomed ("hash" text PRIMARY KEY, "point" text NOT NULL, "how" text NOT NULL)`,
  );
  const points = [
    {
      table: "ProvisionEvent",
      from: `FROM teikyo_test_doomed d WHERE d."hash" = NEW."operationHash" AND d."point" = 'event'`,
    },
    {
      table: "ProvisionRecordPerson",
      from: `FROM teikyo_test_doomed d JOIN "ProvisionEvent" e ON e."operationHash" = d."hash"
        WHERE e."seq" = NEW."eventSeq" AND d."point" = 'people'`,
    },
  ];
  for (const { table, from } of points) {
    if (postgres) {
      await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION teikyo_test_doom_${table}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE how text;
        BEGIN
          SELECT d."how" INTO how ${from} LIMIT 1;
          IF how = 'kill' THEN
            PERFORM pg_terminate_backend(pg_backend_pid());
            PERFORM pg_sleep(5);
          END IF;
          IF how IS NOT NULL THEN
            RAISE EXCEPTION 'injected fault: connection terminated unexpectedly';
          END IF;
          RETURN NEW;
        END $$`);
      await db.$executeRawUnsafe(
        `CREATE TRIGGER "teikyo_test_doom_${table}" BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION teikyo_test_doom_${table}()`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER "teikyo_test_doom_${table}" BEFORE INSERT ON "${table}" WHEN EXISTS (SELECT 1 ${from})
         BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
      );
    }
  }
  return {
    async doom(hash: string, point: "event" | "people", how: "throw" | "kill") {
      await db.$executeRawUnsafe(
        `INSERT INTO teikyo_test_doomed ("hash", "point", "how") VALUES (${postgres ? "$1, $2, $3" : "?, ?, ?"}) ON CONFLICT DO NOTHING`,
        hash,
        point,
        how,
      );
    },
    async remove() {
      for (const table of ["ProvisionEvent", "ProvisionRecordPerson"])
        await db.$executeRawUnsafe(
          postgres
            ? `DROP TRIGGER IF EXISTS "teikyo_test_doom_${table}" ON "${table}"`
            : `DROP TRIGGER IF EXISTS "teikyo_test_doom_${table}"`,
        );
      await db.$executeRawUnsafe(`DROP TABLE IF EXISTS teikyo_test_doomed`);
    },
  };
}
