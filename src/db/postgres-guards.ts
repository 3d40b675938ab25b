/**
 * PostgreSQL guards applied after `migrate deploy`: provision records are append-only.
 * UPDATE and DELETE fail unless the transaction set teikyo.purge (only `records purge`
 * does). Applied here rather than in a migration because Prisma's migration runner splits
 * scripts on semicolons, which breaks a PL/pgSQL body (docs/decisions/0005). Idempotent.
 */
import pg from "pg";

const GUARDS = `
CREATE OR REPLACE FUNCTION teikyo_records_append_only() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('teikyo.purge', true), '') <> 'on' THEN
    RAISE EXCEPTION 'provision records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS "ProvisionEvent_append_only" ON "ProvisionEvent";
CREATE TRIGGER "ProvisionEvent_append_only" BEFORE UPDATE OR DELETE ON "ProvisionEvent"
  FOR EACH ROW EXECUTE FUNCTION teikyo_records_append_only();
DROP TRIGGER IF EXISTS "ProvisionRecordPerson_append_only" ON "ProvisionRecordPerson";
CREATE TRIGGER "ProvisionRecordPerson_append_only" BEFORE UPDATE OR DELETE ON "ProvisionRecordPerson"
  FOR EACH ROW EXECUTE FUNCTION teikyo_records_append_only();
`;

export async function applyPostgresGuards(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(GUARDS);
  } finally {
    await client.end();
  }
}
