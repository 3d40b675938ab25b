/**
 * PostgreSQL guard: provision records are append-only. UPDATE and DELETE fail unless the
 * transaction set teikyo.purge (only `records purge` does). Installed by `db migrate` only
 * when missing, never re-created on every start: CREATE TRIGGER takes a lock that conflicts
 * with every reader, so with a pg_dump or an export running it would queue, and every
 * record insert would queue behind it. lock_timeout bounds that wait. Not a migration file
 * because Prisma's runner splits scripts on semicolons, which breaks a PL/pgSQL body
 * (docs/decisions/0005 and 0020).
 */
import type pg from "pg";

const FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_records_append_only() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('teikyo.purge', true), '') <> 'on' THEN
    RAISE EXCEPTION 'provision records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql`;

export const GUARDED_TABLES = ["ProvisionEvent", "ProvisionRecordPerson"] as const;

/** Triggers of the guard that are missing (none when it is installed). */
export async function missingGuards(session: pg.ClientBase): Promise<string[]> {
  const { rows } = await session.query<{ tgname: string }>(
    `SELECT tgname FROM pg_trigger WHERE tgname = ANY($1) AND NOT tgisinternal`,
    [GUARDED_TABLES.map((t) => `${t}_append_only`)],
  );
  const present = new Set(rows.map((r) => r.tgname));
  return GUARDED_TABLES.map((t) => `${t}_append_only`).filter((name) => !present.has(name));
}

export async function installPostgresGuards(session: pg.ClientBase): Promise<void> {
  const missing = await missingGuards(session);
  if (missing.length === 0) return;
  await session.query("BEGIN");
  try {
    await session.query("SET LOCAL lock_timeout = '5s'");
    await session.query(FUNCTION);
    for (const table of GUARDED_TABLES) {
      if (!missing.includes(`${table}_append_only`)) continue;
      await session.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION teikyo_records_append_only()`,
      );
    }
    await session.query("COMMIT");
  } catch (error) {
    await session.query("ROLLBACK");
    throw error;
  }
}
