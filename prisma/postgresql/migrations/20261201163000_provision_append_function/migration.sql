-- The provision record in one statement (docs/decisions/0086): teikyo_append_provisions
-- locks a chain head, finishes each event's hash from it as src/modules/records/record-hash.ts
-- does, inserts the events, their people and bulk records, and moves the head. It runs as the
-- caller, so the append-only and forward-only guards apply to it as to any writer.
-- PostgreSQL only: on SQLite the writer runs the same steps as prepared statements.

-- record-hash.ts chainHash: sha256 of the previous hash, a newline and the event's hashed
-- text (record-hash.ts hashedText, made by the caller: it does not depend on the chain).
CREATE OR REPLACE FUNCTION teikyo_chain_hash(p_prev text, p_text text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT encode(sha256(convert_to(p_prev || E'\n' || p_text, 'UTF8')), 'hex')
$$;

-- Appends a group of drafts to chain p_chain in one statement. p_group is
-- {"drafts": [{"event": {...}, "people": [...], "hashed": "<hashedText>", "bulk": null or
-- {"recipientName": ..., "keepUntil": ...}}, ...]}. Returns each event's global number,
-- number in its chain and hash, in order.
CREATE OR REPLACE FUNCTION teikyo_append_provisions(p_chain integer, p_group jsonb)
RETURNS TABLE (event_seq bigint, chain_seq bigint, event_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  numbers regclass := CAST(pg_get_serial_sequence('"ProvisionEvent"', 'seq') AS regclass);
  last_seq bigint;
  last_hash text;
  d jsonb;
  ev "ProvisionEvent";
BEGIN
  SELECT h."lastSeq", h."lastHash" INTO last_seq, last_hash
    FROM "ProvisionChainHead" h WHERE h."id" = p_chain FOR UPDATE;
  IF NOT FOUND THEN
    -- A new chain starts at genesis (the only head the guard lets in).
    INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES (p_chain, 0, 'genesis')
      ON CONFLICT ("id") DO NOTHING;
    SELECT h."lastSeq", h."lastHash" INTO last_seq, last_hash
      FROM "ProvisionChainHead" h WHERE h."id" = p_chain FOR UPDATE;
  END IF;
  FOR d IN SELECT value FROM jsonb_array_elements(p_group -> 'drafts') LOOP
    ev := jsonb_populate_record(NULL::"ProvisionEvent", d -> 'event');
    ev."seq" := nextval(numbers);
    ev."chain" := p_chain;
    ev."chainSeq" := last_seq + 1;
    ev."prevHash" := last_hash;
    ev."hash" := teikyo_chain_hash(last_hash, d ->> 'hashed');
    INSERT INTO "ProvisionEvent" SELECT ev.*;
    INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt")
      SELECT ev."seq", p."personId", p."items", p."consentId", ev."at"
      FROM jsonb_to_recordset(d -> 'people') AS p("personId" text, "items" jsonb, "consentId" text);
    IF jsonb_typeof(d -> 'bulk') = 'object' THEN
      -- R19(2): one row per recipient, purpose, ground and person, extended to this provision.
      -- Items and consent change only when new items or a new consent came.
      INSERT INTO "BulkProvisionRecord" AS b ("id", "recipientId", "purposeCode", "ground", "personId",
          "recipientName", "consentId", "items", "firstProvidedAt", "lastProvidedAt", "keepUntil")
        SELECT gen_random_uuid()::text, ev."recipientId", ev."purposeCode", ev."ground", p."personId",
          d #>> '{bulk,recipientName}', p."consentId", p."items", ev."at", ev."at",
          CAST(d #>> '{bulk,keepUntil}' AS timestamp(3))
        FROM jsonb_to_recordset(d -> 'people') AS p("personId" text, "items" jsonb, "consentId" text)
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
