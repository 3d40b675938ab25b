/**
 * Month partitions of the record tables on PostgreSQL (docs/decisions/0066). The months a
 * gateway will write to are made ahead, at `db migrate`, at start and daily after, by
 * teikyo_record_partitions_ahead (src/db/postgres-guards.ts); a row with no month of its
 * own lands in the default partition, so a write never fails for want of one. Rows in the
 * default partition (all of them right after the partitioning migration, or a month that
 * was not made in time) are moved into their months by `db migrate`, which runs as the
 * tables' owner in a quiet window: the default partitions are detached, the months made,
 * the rows copied through the parents and the old defaults dropped, all in one transaction.
 */
import type pg from "pg";
import type { Db } from "./client.js";

/** Months made ahead of the current one. */
export const MONTHS_AHEAD = 2;

const TABLES = [
  { table: "ProvisionEvent", at: "at" },
  { table: "ProvisionRecordPerson", at: "eventAt" },
] as const;

/**
 * The foreign key of the people's rows before migration record_people_event_check replaced
 * it (docs/decisions/0093): a database migrated only that far still has it.
 */
const FOREIGN_KEY = `ALTER TABLE "ProvisionRecordPerson" ADD CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey"
  FOREIGN KEY ("eventSeq", "eventAt") REFERENCES "ProvisionEvent"("seq", "at") ON DELETE CASCADE ON UPDATE CASCADE`;

/** The SQL that makes this month's partitions and the next ones, if missing. */
export const PARTITIONS_AHEAD_SQL = `SELECT teikyo_record_partitions_ahead(now()::timestamp, ${MONTHS_AHEAD}) AS made`;

/** Moves the rows of the default partitions into their months; returns how many moved. */
export async function moveDefaultPartitionRows(session: pg.ClientBase): Promise<number> {
  const { rows: months } = await session.query<{ month: string }>(
    TABLES.map(
      ({ table, at }) =>
        `SELECT DISTINCT to_char(date_trunc('month', "${at}"), 'YYYY-MM-DD') AS month FROM "${table}_default"`,
    ).join(" UNION "),
  );
  if (months.length === 0) return 0;
  await session.query("BEGIN");
  try {
    await session.query("SET LOCAL lock_timeout = '5s'");
    // A key of an older schema is checked again when it is added back (detaching a
    // referenced partition would otherwise check it row by row). Since 0093 the people are
    // checked per event by a statement trigger as they are copied in, events first.
    const key = await session.query(
      `SELECT 1 FROM pg_constraint WHERE conname = 'ProvisionRecordPerson_eventSeq_fkey'
         AND conrelid = '"ProvisionRecordPerson"'::regclass`,
    );
    const hadKey = (key.rowCount ?? 0) > 0;
    if (hadKey)
      await session.query(
        `ALTER TABLE "ProvisionRecordPerson" DROP CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey"`,
      );
    for (const { table } of TABLES) {
      await session.query(`ALTER TABLE "${table}" DETACH PARTITION "${table}_default"`);
      await session.query(`ALTER TABLE "${table}_default" RENAME TO "${table}_moving"`);
    }
    for (const { month } of months)
      await session.query(`SELECT teikyo_record_partitions_ahead($1::timestamp, 0)`, [month]);
    let moved = 0;
    for (const { table } of TABLES) {
      await session.query(`CREATE TABLE "${table}_default" PARTITION OF "${table}" DEFAULT`);
      await session.query(`CREATE TRIGGER "${table}_default_no_truncate" BEFORE TRUNCATE ON "${table}_default"
        FOR EACH STATEMENT EXECUTE FUNCTION teikyo_records_no_truncate()`);
      const { rows: columns } = await session.query<{ name: string }>(
        `SELECT attname AS name FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [`"${table}"`],
      );
      const list = columns.map((c) => `"${c.name}"`).join(", ");
      const copied = await session.query(
        `INSERT INTO "${table}" (${list}) SELECT ${list} FROM "${table}_moving"`,
      );
      if (table === "ProvisionEvent") moved += copied.rowCount ?? 0;
      // A detached partition keeps no row trigger of its parent's; DROP fires none anyway.
      await session.query(`DROP TABLE "${table}_moving"`);
    }
    if (hadKey) await session.query(FOREIGN_KEY);
    await session.query("COMMIT");
    return moved;
  } catch (error) {
    await session.query("ROLLBACK");
    throw error;
  }
}

/** At `db migrate`: every row in its month, and this month's and the next ones' partitions made. */
export async function partitionRecordTables(session: pg.ClientBase): Promise<void> {
  await moveDefaultPartitionRows(session);
  await session.query(PARTITIONS_AHEAD_SQL);
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The gateway's part: the months ahead at start and once a day, so a month's partitions
 * exist weeks before its first record. Any role may run it (the function is the owner's).
 * Returns a stop function; the timer does not keep the process alive.
 */
export function startPartitionsAhead(db: Db, onError: (error: unknown) => void): () => void {
  const tick = () => void db.$queryRawUnsafe(PARTITIONS_AHEAD_SQL).catch(onError);
  const timer = setInterval(tick, DAY_MS);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
