-- Each statement's record people checked against their events once per event, not by a
-- foreign key checked once per row (docs/decisions/0093, 2026-12-02). Under the record
-- function's generic plans (migration record_function_generic_plans) the key's per-row check
-- kept the plan it was given when a connection first used it: for a month partition that was
-- empty then, a sequential scan, run for every person row for as long as the connection
-- lived, over a partition that grows all month. The check below is planned for each event
-- with the partition's current size (force_custom_plan, whatever the caller's setting) and,
-- like the key's, locks the event row (FOR KEY SHARE) so it cannot go before this commits.
-- Deletion needs no cascade: the purge function deletes people before their events, and a
-- month is dropped with its people's month. SQLite keeps its foreign key.
ALTER TABLE "ProvisionRecordPerson" DROP CONSTRAINT IF EXISTS "ProvisionRecordPerson_eventSeq_fkey";

CREATE OR REPLACE FUNCTION teikyo_record_people_have_events() RETURNS trigger
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ev record;
BEGIN
  FOR ev IN SELECT DISTINCT n."eventSeq" AS seq, n."eventAt" AS at FROM new_people n LOOP
    PERFORM 1 FROM "ProvisionEvent" e WHERE e."seq" = ev.seq AND e."at" = ev.at FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'provision record people refer to no event: event % at %', ev.seq, ev.at
        USING ERRCODE = 'foreign_key_violation';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

-- A statement trigger of the partitioned table: it sees the rows inserted through it, as
-- every writer inserts them (the record functions, the partition move of db migrate). Each
-- partition gets one of its own from db migrate's guards (src/db/postgres-guards.ts), for
-- rows inserted into it by name.
CREATE TRIGGER "ProvisionRecordPerson_event_exists" AFTER INSERT ON "ProvisionRecordPerson"
  REFERENCING NEW TABLE AS new_people
  FOR EACH STATEMENT EXECUTE FUNCTION teikyo_record_people_have_events();
