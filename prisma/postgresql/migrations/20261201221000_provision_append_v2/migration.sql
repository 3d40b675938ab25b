-- The provision record in one statement, with half the payload (docs/decisions/0086,
-- 2026-12-02). teikyo_append_provisions(chain, events, people, bulk) does what the jsonb
-- version of migration provision_append_function does, but each event and its people come
-- as their canonical JSON text (record-hash.ts hashedParts), not inside one jsonb with the
-- whole hashed text repeated: the function rebuilds the hashed text from the two parts,
-- byte for byte as hashedParts does, and parses each part once for the inserts. So the
-- hash covers the very text the rows are read from. Runs as the caller (not SECURITY
-- DEFINER), like the first version: the append-only and forward-only guards apply to it.
-- PostgreSQL only: on SQLite the writer runs the same steps as prepared statements.
--
-- The jsonb version stays, so servers of the previous release keep writing records while a
-- release is rolled out (migrations run before the new servers start); nothing in this
-- release calls it, and a later migration may drop it.

-- Appends a group of drafts to chain p_chain in one statement. p_events[i] and p_people[i]
-- are draft i's event and people in canonical JSON (hashedParts .event and .people);
-- p_bulk is a JSON array with, for draft i at index i - 1, null or its bulk record's
-- {"recipientName": ..., "keepUntil": ...}. Returns each event's global number, number in
-- its chain and hash, in order.
CREATE OR REPLACE FUNCTION teikyo_append_provisions(
  p_chain integer, p_events text[], p_people text[], p_bulk jsonb)
RETURNS TABLE (event_seq bigint, chain_seq bigint, event_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  numbers regclass := CAST(pg_get_serial_sequence('"ProvisionEvent"', 'seq') AS regclass);
  drafts integer := coalesce(cardinality(p_events), 0);
  last_seq bigint;
  last_hash text;
  event_text text;
  people_text text;
  people jsonb;
  bulk jsonb;
  ev "ProvisionEvent";
BEGIN
  IF coalesce(cardinality(p_people), 0) <> drafts OR coalesce(jsonb_array_length(p_bulk), 0) <> drafts THEN
    RAISE EXCEPTION 'teikyo_append_provisions: % events, % people lists, % bulk entries',
      drafts, coalesce(cardinality(p_people), 0), coalesce(jsonb_array_length(p_bulk), 0);
  END IF;
  SELECT h."lastSeq", h."lastHash" INTO last_seq, last_hash
    FROM "ProvisionChainHead" h WHERE h."id" = p_chain FOR UPDATE;
  IF NOT FOUND THEN
    -- A new chain starts at genesis (the only head the guard lets in).
    INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES (p_chain, 0, 'genesis')
      ON CONFLICT ("id") DO NOTHING;
    SELECT h."lastSeq", h."lastHash" INTO last_seq, last_hash
      FROM "ProvisionChainHead" h WHERE h."id" = p_chain FOR UPDATE;
  END IF;
  FOR k IN 1 .. drafts LOOP
    event_text := p_events[k];
    people_text := p_people[k];
    people := people_text::jsonb;
    bulk := p_bulk -> (k - 1);
    ev := jsonb_populate_record(NULL::"ProvisionEvent", event_text::jsonb);
    ev."seq" := nextval(numbers);
    ev."chain" := p_chain;
    ev."chainSeq" := last_seq + 1;
    ev."prevHash" := last_hash;
    -- record-hash.ts hashedParts .text: the parts as sent, never re-serialized from jsonb.
    ev."hash" := teikyo_chain_hash(last_hash, '{"event":' || event_text || ',"people":' || people_text || '}');
    INSERT INTO "ProvisionEvent" SELECT ev.*;
    INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt")
      SELECT ev."seq", p."personId", p."items", p."consentId", ev."at"
      FROM jsonb_to_recordset(people) AS p("personId" text, "items" jsonb, "consentId" text);
    IF jsonb_typeof(bulk) = 'object' THEN
      -- R19(2): one row per recipient, purpose, ground and person, extended to this provision.
      -- Items and consent change only when new items or a new consent came.
      INSERT INTO "BulkProvisionRecord" AS b ("id", "recipientId", "purposeCode", "ground", "personId",
          "recipientName", "consentId", "items", "firstProvidedAt", "lastProvidedAt", "keepUntil")
        SELECT gen_random_uuid()::text, ev."recipientId", ev."purposeCode", ev."ground", p."personId",
          bulk ->> 'recipientName', p."consentId", p."items", ev."at", ev."at",
          CAST(bulk ->> 'keepUntil' AS timestamp(3))
        FROM jsonb_to_recordset(people) AS p("personId" text, "items" jsonb, "consentId" text)
      ON CONFLICT ("recipientId", "purposeCode", "ground", "personId") DO UPDATE SET
        "lastProvidedAt" = EXCLUDED."lastProvidedAt",
        "keepUntil" = EXCLUDED."keepUntil",
        "recipientName" = EXCLUDED."recipientName",
        "consentId" = coalesce(EXCLUDED."consentId", b."consentId"),
        "items" = CASE
          WHEN (EXCLUDED."consentId" IS NOT NULL AND EXCLUDED."consentId" IS DISTINCT FROM b."consentId")
            OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(EXCLUDED."items") AS i WHERE NOT b."items" ? i)
          THEN (SELECT jsonb_agg(u.item ORDER BY u.item COLLATE "C") FROM (
            SELECT jsonb_array_elements_text(b."items") UNION SELECT jsonb_array_elements_text(EXCLUDED."items")
          ) AS u(item))
          ELSE b."items" END;
    END IF;
    last_seq := ev."chainSeq";
    last_hash := ev."hash";
    event_seq := ev."seq";
    chain_seq := ev."chainSeq";
    event_hash := ev."hash";
    RETURN NEXT;
  END LOOP;
  UPDATE "ProvisionChainHead" h SET "lastSeq" = last_seq, "lastHash" = last_hash WHERE h."id" = p_chain;
END
$$;
