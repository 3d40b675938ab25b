/**
 * PostgreSQL guards of the provision records (docs/decisions/0005 and 0063):
 * - records, purges and checkpoints are append-only: UPDATE and DELETE are refused, and
 *   TRUNCATE too (a statement trigger: row triggers do not fire on TRUNCATE);
 * - the only deletion is the purge function, which runs as its own role
 *   (SECURITY DEFINER, owned by teikyo_record_purger) and deletes only a prefix of a chain
 *   past its keep-until date; the row trigger lets a DELETE through only when the current
 *   role is that owner, which no setting a session can make changes;
 * - chain heads are created at genesis and only move forward.
 * Installed by `db migrate` only when something is missing, never re-created on every
 * start: CREATE TRIGGER takes a lock that conflicts with every reader, so with a pg_dump or
 * an export running it would queue, and every record insert would queue behind it.
 * lock_timeout bounds that wait. Not a migration file because Prisma's runner splits
 * scripts on semicolons, which breaks a PL/pgSQL body (docs/decisions/0005 and 0020).
 */
import type pg from "pg";

/** The role that owns the purge function; nothing logs in as it. */
export const PURGE_ROLE = "teikyo_record_purger";

const RECORDS_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_records_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME IN ('ProvisionEvent', 'ProvisionRecordPerson')
     AND current_user = '${PURGE_ROLE}' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'provision records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql`;

const TRUNCATE_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_records_no_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'provision records are append-only: TRUNCATE of % refused', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql`;

const HEAD_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_chain_head_forward() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW."lastSeq" = 0 AND NEW."lastHash" = 'genesis' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW."id" = OLD."id" AND (NEW."lastSeq" > OLD."lastSeq"
     OR (NEW."lastSeq" = OLD."lastSeq" AND NEW."lastHash" = OLD."lastHash")) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'provision chain heads only move forward: % on chain % refused', TG_OP,
    CASE WHEN TG_OP = 'INSERT' THEN NEW."id" ELSE OLD."id" END;
END;
$$ LANGUAGE plpgsql`;

/**
 * Deletes the events of one chain up to p_up_to and their people, if every one of them is
 * past its keep-until date at p_now and the chain keeps nothing older, and logs the purge
 * with the last deleted event's hash as the anchor. The anchor is read here, so no caller
 * can log a fake one; p_now is logged as the purge's time, and a checkpoint that signs a
 * purge dated after itself is reported by `records verify`.
 */
const PURGE_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_purge_chain(p_chain integer, p_up_to bigint, p_now timestamp(3),
  p_actor text, p_id text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  anchor text;
  deleted bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM "ProvisionEvent" WHERE "chain" = p_chain AND "chainSeq" <= p_up_to
             AND "keepUntil" > p_now) THEN
    RAISE EXCEPTION 'chain % up to % holds records still within retention', p_chain, p_up_to;
  END IF;
  SELECT "hash" INTO anchor FROM "ProvisionEvent" WHERE "chain" = p_chain AND "chainSeq" = p_up_to;
  IF anchor IS NULL THEN
    RAISE EXCEPTION 'chain % has no event %', p_chain, p_up_to;
  END IF;
  DELETE FROM "ProvisionRecordPerson" WHERE "eventSeq" IN
    (SELECT "seq" FROM "ProvisionEvent" WHERE "chain" = p_chain AND "chainSeq" <= p_up_to);
  DELETE FROM "ProvisionEvent" WHERE "chain" = p_chain AND "chainSeq" <= p_up_to;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  INSERT INTO "RecordPurge" ("id", "at", "actor", "chain", "upToSeq", "anchorHash", "count")
    VALUES (p_id, p_now, p_actor, p_chain, p_up_to, anchor, deleted);
  RETURN deleted;
END;
$$`;

const APPEND_ONLY = ["ProvisionEvent", "ProvisionRecordPerson", "RecordPurge", "RecordCheckpoint"] as const;
const NO_TRUNCATE = [...APPEND_ONLY, "ProvisionChainHead"] as const;

/** Every guard trigger, by name, with the statement that creates it. */
const TRIGGERS: Record<string, string> = Object.fromEntries([
  ...APPEND_ONLY.map((t) => [
    `${t}_append_only`,
    `CREATE TRIGGER "${t}_append_only" BEFORE UPDATE OR DELETE ON "${t}"
       FOR EACH ROW EXECUTE FUNCTION teikyo_records_append_only()`,
  ]),
  ...NO_TRUNCATE.map((t) => [
    `${t}_no_truncate`,
    `CREATE TRIGGER "${t}_no_truncate" BEFORE TRUNCATE ON "${t}"
       FOR EACH STATEMENT EXECUTE FUNCTION teikyo_records_no_truncate()`,
  ]),
  [
    "ProvisionChainHead_forward",
    `CREATE TRIGGER "ProvisionChainHead_forward" BEFORE INSERT OR UPDATE OR DELETE ON "ProvisionChainHead"
       FOR EACH ROW EXECUTE FUNCTION teikyo_chain_head_forward()`,
  ],
]);

/** Guards that are missing (none when all are installed). */
export async function missingGuards(session: pg.ClientBase): Promise<string[]> {
  const { rows } = await session.query<{ tgname: string }>(
    `SELECT tgname FROM pg_trigger WHERE tgname = ANY($1) AND NOT tgisinternal`,
    [Object.keys(TRIGGERS)],
  );
  const present = new Set(rows.map((r) => r.tgname));
  const missing = Object.keys(TRIGGERS).filter((name) => !present.has(name));
  const owner = await session.query<{ owner: string }>(
    `SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'teikyo_purge_chain'`,
  );
  if (owner.rows[0]?.owner !== PURGE_ROLE) missing.push("teikyo_purge_chain");
  return missing;
}

export async function installPostgresGuards(session: pg.ClientBase): Promise<void> {
  const missing = await missingGuards(session);
  if (missing.length === 0) return;
  await session.query("BEGIN");
  try {
    await session.query("SET LOCAL lock_timeout = '5s'");
    // Roles belong to the cluster: another database may have made it already (even now).
    await session.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PURGE_ROLE}') THEN
        CREATE ROLE ${PURGE_ROLE} NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
    const { rows } = await session.query<{ schema: string }>("SELECT current_schema() AS schema");
    const schema = `"${rows[0]!.schema.replaceAll('"', '""')}"`;
    await session.query(`GRANT USAGE ON SCHEMA ${schema} TO ${PURGE_ROLE}`);
    await session.query(`GRANT SELECT, DELETE ON "ProvisionEvent", "ProvisionRecordPerson" TO ${PURGE_ROLE}`);
    await session.query(`GRANT SELECT, INSERT ON "RecordPurge" TO ${PURGE_ROLE}`);
    for (const fn of [RECORDS_FUNCTION, TRUNCATE_FUNCTION, HEAD_FUNCTION, PURGE_FUNCTION])
      await session.query(fn);
    await session.query(
      `ALTER FUNCTION teikyo_purge_chain(integer, bigint, timestamp(3), text, text) OWNER TO ${PURGE_ROLE}`,
    );
    for (const name of missing) if (TRIGGERS[name]) await session.query(TRIGGERS[name]);
    await session.query("COMMIT");
  } catch (error) {
    await session.query("ROLLBACK");
    throw error;
  }
}
