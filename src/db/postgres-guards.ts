/**
 * PostgreSQL guards of the provision records (docs/decisions/0005 and 0063):
 * - records, purges and checkpoints are append-only: UPDATE and DELETE are refused, and
 *   TRUNCATE too (a statement trigger: row triggers do not fire on TRUNCATE);
 * - the only deletion is the purge function, which runs as its own role
 *   (SECURITY DEFINER, owned by teikyo_record_purger) and deletes only a prefix of a chain
 *   past its keep-until date; the row trigger lets a DELETE through only when the current
 *   role is that owner, which no setting a session can make changes;
 * - the record tables are partitioned by month (decision 0066): row triggers are cloned to
 *   every partition, each partition gets its own TRUNCATE trigger, and a whole month is
 *   dropped only by the purge function, through teikyo_drop_record_month (the tables'
 *   owner's, executable by the purger role alone);
 * - chain heads are created at genesis and only move forward;
 * - people's rows inserted into a month partition by name are checked against their event
 *   as those inserted through the table are (docs/decisions/0093): statement triggers fire
 *   only on the table named, so each partition gets its own.
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
  -- On a month partition the trigger is the parent's clone: judge by the partitioned table.
  IF TG_OP = 'DELETE' AND current_user = '${PURGE_ROLE}'
     AND (SELECT relname FROM pg_class WHERE oid = pg_partition_root(TG_RELID))
         IN ('ProvisionEvent', 'ProvisionRecordPerson') THEN
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
 * Purges a prefix of each given chain (events up to p_up_tos[i] and their people), if every
 * one of them is past its keep-until date at p_now, and logs one purge per chain with the
 * last purged event's hash as the anchor. The anchor is read here, so no caller can log a
 * fake one; p_now is logged as the purge's time, and a checkpoint that signs a purge dated
 * after itself is reported by `records verify`. A month partition whose every event is in
 * the purged prefixes goes whole (teikyo_drop_record_month, with its people's month); the
 * rest is deleted row by row (decision 0066).
 */
const PURGE_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_purge_chains(p_chains integer[], p_up_tos bigint[], p_now timestamp(3),
  p_actor text, p_ids text[]) RETURNS TABLE (purged_chain integer, purged bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  n integer := coalesce(array_length(p_chains, 1), 0);
  anchors text[] := '{}';
  counts bigint[] := '{}';
  m date;
  gone bigint;
BEGIN
  IF n = 0 OR array_length(p_up_tos, 1) IS DISTINCT FROM n OR array_length(p_ids, 1) IS DISTINCT FROM n
     OR (SELECT count(DISTINCT c) FROM unnest(p_chains) AS c) <> n THEN
    RAISE EXCEPTION 'purge: give distinct chains, each with one number and one id';
  END IF;
  FOR i IN 1..n LOOP
    IF EXISTS (SELECT 1 FROM "ProvisionEvent" e WHERE e."chain" = p_chains[i]
               AND e."chainSeq" <= p_up_tos[i] AND e."keepUntil" > p_now) THEN
      RAISE EXCEPTION 'chain % up to % holds records still within retention', p_chains[i], p_up_tos[i];
    END IF;
    anchors[i] := (SELECT e."hash" FROM "ProvisionEvent" e
                   WHERE e."chain" = p_chains[i] AND e."chainSeq" = p_up_tos[i]);
    IF anchors[i] IS NULL THEN
      RAISE EXCEPTION 'chain % has no event %', p_chains[i], p_up_tos[i];
    END IF;
    counts[i] := 0;
  END LOOP;
  FOR m IN SELECT to_date(right(c.relname, 7), 'YYYY_MM') FROM pg_inherits h
           JOIN pg_class c ON c.oid = h.inhrelid
           WHERE h.inhparent = '"ProvisionEvent"'::regclass AND c.relname ~ '^ProvisionEvent_[0-9]{4}_[0-9]{2}$'
           ORDER BY 1 LOOP
    EXIT WHEN m > p_now;
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM "ProvisionEvent" e
                              WHERE e."at" >= m AND e."at" < m + interval '1 month');
    CONTINUE WHEN EXISTS (SELECT 1 FROM "ProvisionEvent" e
      WHERE e."at" >= m AND e."at" < m + interval '1 month'
        AND NOT EXISTS (SELECT 1 FROM unnest(p_chains, p_up_tos) AS p(c, u)
                        WHERE p.c = e."chain" AND e."chainSeq" <= p.u));
    FOR i IN 1..n LOOP
      counts[i] := counts[i] + (SELECT count(*) FROM "ProvisionEvent" e
        WHERE e."at" >= m AND e."at" < m + interval '1 month' AND e."chain" = p_chains[i]);
    END LOOP;
    PERFORM teikyo_drop_record_month(m);
  END LOOP;
  FOR i IN 1..n LOOP
    DELETE FROM "ProvisionRecordPerson" WHERE "eventSeq" IN (SELECT e."seq" FROM "ProvisionEvent" e
      WHERE e."chain" = p_chains[i] AND e."chainSeq" <= p_up_tos[i]);
    DELETE FROM "ProvisionEvent" e WHERE e."chain" = p_chains[i] AND e."chainSeq" <= p_up_tos[i];
    GET DIAGNOSTICS gone = ROW_COUNT;
    counts[i] := counts[i] + gone;
    INSERT INTO "RecordPurge" ("id", "at", "actor", "chain", "upToSeq", "anchorHash", "count")
      VALUES (p_ids[i], p_now, p_actor, p_chains[i], p_up_tos[i], anchors[i], counts[i]);
    purged_chain := p_chains[i];
    purged := counts[i];
    RETURN NEXT;
  END LOOP;
END;
$$`;

/** One chain's purge, as before partitions (decision 0063). */
const PURGE_CHAIN_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_purge_chain(p_chain integer, p_up_to bigint, p_now timestamp(3),
  p_actor text, p_id text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT sum(purged)::bigint FROM teikyo_purge_chains(ARRAY[p_chain], ARRAY[p_up_to], p_now, p_actor, ARRAY[p_id])
$$`;

/**
 * Month partitions of both record tables, from p_from's month to p_months after it, each
 * with its TRUNCATE guard (statement triggers are not cloned to partitions). Owned by the
 * tables' owner and open to any role: it only adds empty months. A month whose rows sit in
 * the default partition is skipped (PostgreSQL refuses it): `db migrate` moves them.
 */
const PARTITIONS_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_record_partitions_ahead(p_from timestamp, p_months integer)
  RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT SET lock_timeout = '5s' AS $$
DECLARE
  m date;
  t text;
  part text;
  made integer := 0;
BEGIN
  IF p_months < 0 OR p_months > 24 THEN
    RAISE EXCEPTION 'record partitions: 0 to 24 months ahead, not %', p_months;
  END IF;
  FOR i IN 0..p_months LOOP
    m := (date_trunc('month', p_from) + make_interval(months => i))::date;
    FOREACH t IN ARRAY ARRAY['ProvisionEvent', 'ProvisionRecordPerson'] LOOP
      part := t || '_' || to_char(m, 'YYYY_MM');
      CONTINUE WHEN to_regclass(quote_ident(part)) IS NOT NULL;
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
          part, t, m, (m + interval '1 month')::date);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT '
          'EXECUTE FUNCTION teikyo_records_no_truncate()', part || '_no_truncate', part);
        IF t = 'ProvisionRecordPerson' AND to_regproc('teikyo_record_people_have_events') IS NOT NULL THEN
          EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_people '
            'FOR EACH STATEMENT EXECUTE FUNCTION teikyo_record_people_have_events()', part || '_event_exists', part);
        END IF;
        made := made + 1;
      EXCEPTION WHEN check_violation THEN
        NULL;
      END;
    END LOOP;
  END LOOP;
  RETURN made;
END;
$$`;

/** Detaches and drops one month of both record tables: only the purge function may call it. */
const DROP_MONTH_FUNCTION = `
CREATE OR REPLACE FUNCTION teikyo_drop_record_month(p_month date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  t text;
  part text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ProvisionRecordPerson', 'ProvisionEvent'] LOOP
    part := t || '_' || to_char(p_month, 'YYYY_MM');
    IF to_regclass(quote_ident(part)) IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', t, part);
      EXECUTE format('DROP TABLE %I', part);
    END IF;
  END LOOP;
END;
$$`;

const APPEND_ONLY = ["ProvisionEvent", "ProvisionRecordPerson", "RecordPurge", "RecordCheckpoint"] as const;
const NO_TRUNCATE = [...APPEND_ONLY, "ProvisionChainHead"] as const;

/** The TRUNCATE guard of one table or partition. */
function noTruncate(table: string): [string, string] {
  return [
    `${table}_no_truncate`,
    `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
       FOR EACH STATEMENT EXECUTE FUNCTION teikyo_records_no_truncate()`,
  ];
}

/** Every fixed guard trigger, by name, with the statement that creates it. */
const TRIGGERS: Record<string, string> = Object.fromEntries([
  ...APPEND_ONLY.map((t) => [
    `${t}_append_only`,
    `CREATE TRIGGER "${t}_append_only" BEFORE UPDATE OR DELETE ON "${t}"
       FOR EACH ROW EXECUTE FUNCTION teikyo_records_append_only()`,
  ]),
  ...NO_TRUNCATE.map(noTruncate),
  [
    "ProvisionChainHead_forward",
    `CREATE TRIGGER "ProvisionChainHead_forward" BEFORE INSERT OR UPDATE OR DELETE ON "ProvisionChainHead"
       FOR EACH ROW EXECUTE FUNCTION teikyo_chain_head_forward()`,
  ],
]);

/** Every partition of the record tables (the default one and the months). */
async function recordPartitions(session: pg.ClientBase): Promise<string[]> {
  const { rows } = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
      WHERE h.inhparent IN (to_regclass('"ProvisionEvent"'), to_regclass('"ProvisionRecordPerson"'))`,
  );
  return rows.map((r) => r.name);
}

/** The event check of people's rows inserted into one partition by name (0093). */
function eventExists(partition: string): [string, string] {
  return [
    `${partition}_event_exists`,
    `CREATE TRIGGER "${partition}_event_exists" AFTER INSERT ON "${partition}"
       REFERENCING NEW TABLE AS new_people
       FOR EACH STATEMENT EXECUTE FUNCTION teikyo_record_people_have_events()`,
  ];
}

/**
 * Guard triggers by name: the fixed ones, each partition's TRUNCATE guard and each people
 * partition's event check (once migration record_people_event_check has made its function).
 */
async function allTriggers(session: pg.ClientBase): Promise<Record<string, string>> {
  const partitions = await recordPartitions(session);
  const { rows } = await session.query<{ made: boolean }>(
    `SELECT to_regproc('teikyo_record_people_have_events') IS NOT NULL AS made`,
  );
  const checked = rows[0]?.made ? partitions.filter((p) => p.startsWith("ProvisionRecordPerson_")) : [];
  return {
    ...TRIGGERS,
    ...Object.fromEntries(partitions.map(noTruncate)),
    ...Object.fromEntries(checked.map(eventExists)),
  };
}

/** The functions and the role each must be owned by (null: the tables' owner). */
const FUNCTIONS: Record<string, string | null> = {
  teikyo_purge_chains: PURGE_ROLE,
  teikyo_purge_chain: PURGE_ROLE,
  teikyo_drop_record_month: null,
  teikyo_record_partitions_ahead: null,
};

/** Guards that are missing (none when all are installed). */
export async function missingGuards(session: pg.ClientBase): Promise<string[]> {
  const triggers = await allTriggers(session);
  const { rows } = await session.query<{ tgname: string }>(
    `SELECT tgname FROM pg_trigger WHERE tgname = ANY($1) AND NOT tgisinternal`,
    [Object.keys(triggers)],
  );
  const present = new Set(rows.map((r) => r.tgname));
  const missing = Object.keys(triggers).filter((name) => !present.has(name));
  const owners = await session.query<{ name: string; owner: string }>(
    `SELECT proname AS name, pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = ANY($1)`,
    [Object.keys(FUNCTIONS)],
  );
  const ownerOf = new Map(owners.rows.map((r) => [r.name, r.owner]));
  for (const [name, role] of Object.entries(FUNCTIONS))
    if (!ownerOf.has(name) || (role && ownerOf.get(name) !== role)) missing.push(name);
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
    // Before partitions, the one-chain purge was the PL/pgSQL function itself.
    await session.query(
      `DROP FUNCTION IF EXISTS teikyo_purge_chain(integer, bigint, timestamp(3), text, text)`,
    );
    for (const fn of [
      RECORDS_FUNCTION,
      TRUNCATE_FUNCTION,
      HEAD_FUNCTION,
      PARTITIONS_FUNCTION,
      DROP_MONTH_FUNCTION,
      PURGE_FUNCTION,
      PURGE_CHAIN_FUNCTION,
    ])
      await session.query(fn);
    // Dropping a month is the purge's alone; adding empty months is anyone's.
    await session.query(`REVOKE ALL ON FUNCTION teikyo_drop_record_month(date) FROM PUBLIC`);
    await session.query(`GRANT EXECUTE ON FUNCTION teikyo_drop_record_month(date) TO ${PURGE_ROLE}`);
    for (const signature of [
      "teikyo_purge_chains(integer[], bigint[], timestamp(3), text, text[])",
      "teikyo_purge_chain(integer, bigint, timestamp(3), text, text)",
    ])
      await session.query(`ALTER FUNCTION ${signature} OWNER TO ${PURGE_ROLE}`);
    const triggers = await allTriggers(session);
    for (const name of missing) if (triggers[name]) await session.query(triggers[name]);
    await session.query("COMMIT");
  } catch (error) {
    await session.query("ROLLBACK");
    throw error;
  }
}
