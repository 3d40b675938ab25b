-- The provision record in one statement (docs/decisions/0086): teikyo_append_provisions
-- locks a chain head, hashes each event exactly as src/modules/records/record-hash.ts does,
-- inserts the events, their people and bulk records, and moves the head. It runs as the
-- caller, so the append-only and forward-only guards apply to it as to any writer.
-- PostgreSQL only: on SQLite the writer runs the same steps as prepared statements.

-- A JSON number as JavaScript's JSON.stringify writes it: plain digits from 1e-6 up to 1e21,
-- the exponent form outside (1e+21, 1.5e-7). jsonb keeps the digits JavaScript sent.
CREATE OR REPLACE FUNCTION teikyo_json_number(n numeric) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  plain text := trim_scale(abs(n))::text;
  digits text;
  exponent integer;
BEGIN
  IF n = 0 THEN
    RETURN '0';
  END IF;
  IF abs(n) < 1e21 AND abs(n) >= 1e-6 THEN
    RETURN trim_scale(n)::text;
  END IF;
  IF abs(n) >= 1 THEN
    exponent := length(split_part(plain, '.', 1)) - 1;
    digits := rtrim(replace(plain, '.', ''), '0');
  ELSE
    digits := ltrim(split_part(plain, '.', 2), '0');
    exponent := -(length(split_part(plain, '.', 2)) - length(digits) + 1);
  END IF;
  RETURN CASE WHEN n < 0 THEN '-' ELSE '' END
    || left(digits, 1) || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
    || 'e' || CASE WHEN exponent >= 0 THEN '+' ELSE '-' END || abs(exponent)::text;
END
$$;

-- The order of JavaScript's string comparison (UTF-16 code units) as a text that sorts so
-- under COLLATE "C" (code points): a character past U+FFFF is a surrogate pair in UTF-16,
-- so it sorts before U+E000..U+FFFF, which it does here behind U+D7FF.
CREATE OR REPLACE FUNCTION teikyo_utf16_order(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT regexp_replace(s, '([\U00010000-\U0010FFFF])', U&'\D7FF\\1', 'g')
$$;

-- JSON as record-hash.ts canonicalJson writes it: object keys sorted as JavaScript sorts
-- them, no whitespace, strings escaped as JSON.stringify escapes them (to_json does the same).
CREATE OR REPLACE FUNCTION teikyo_canonical_json(v jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  out text;
BEGIN
  CASE jsonb_typeof(v)
    WHEN 'object' THEN
      SELECT '{' || coalesce(string_agg(to_json(key)::text || ':' || CASE jsonb_typeof(value)
          WHEN 'string' THEN to_json(value #>> '{}')::text
          WHEN 'object' THEN teikyo_canonical_json(value)
          WHEN 'array' THEN teikyo_canonical_json(value)
          WHEN 'number' THEN teikyo_json_number((value #>> '{}')::numeric)
          ELSE value::text END, ',' ORDER BY teikyo_utf16_order(key) COLLATE "C"), '') || '}'
        INTO out FROM jsonb_each(v);
    WHEN 'array' THEN
      SELECT '[' || coalesce(string_agg(CASE jsonb_typeof(value)
          WHEN 'string' THEN to_json(value #>> '{}')::text
          WHEN 'object' THEN teikyo_canonical_json(value)
          WHEN 'array' THEN teikyo_canonical_json(value)
          WHEN 'number' THEN teikyo_json_number((value #>> '{}')::numeric)
          ELSE value::text END, ',' ORDER BY n), '') || ']'
        INTO out FROM jsonb_array_elements(v) WITH ORDINALITY AS a(value, n);
    WHEN 'string' THEN
      out := to_json(v #>> '{}')::text;
    WHEN 'number' THEN
      out := teikyo_json_number((v #>> '{}')::numeric);
    ELSE
      out := coalesce(v::text, 'null');
  END CASE;
  RETURN out;
END
$$;

-- An instant as JavaScript's Date.toISOString writes it (Prisma keeps UTC in timestamp(3)).
CREATE OR REPLACE FUNCTION teikyo_iso_instant(t timestamp(3)) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- record-hash.ts eventHash of an event row and its people: sha256 of the previous hash, a
-- newline and the canonical JSON of {event, people}. The event is every column but the
-- numbers and hashes (as verify-chain.ts reads it back), the optional ones dropped when
-- null, instants as ISO text. People sorted by personId, with personId, items and consentId.
CREATE OR REPLACE FUNCTION teikyo_event_hash(p_prev text, p_event "ProvisionEvent", p_people jsonb,
  p_optional text[]) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  event jsonb := to_jsonb(p_event) - ARRAY['seq', 'chain', 'chainSeq', 'prevHash', 'hash']
    || jsonb_build_object('at', teikyo_iso_instant(p_event."at"),
                          'keepUntil', teikyo_iso_instant(p_event."keepUntil"));
  people jsonb;
BEGIN
  event := event - ARRAY(SELECT k FROM unnest(p_optional) AS k WHERE event -> k = 'null'::jsonb);
  SELECT coalesce(jsonb_agg(jsonb_build_object('personId', p -> 'personId', 'items', p -> 'items',
      'consentId', coalesce(p -> 'consentId', 'null'::jsonb)) ORDER BY teikyo_utf16_order(p ->> 'personId') COLLATE "C"), '[]'::jsonb)
    INTO people FROM jsonb_array_elements(p_people) AS p;
  RETURN encode(sha256(convert_to(p_prev || E'\n'
    || teikyo_canonical_json(jsonb_build_object('event', event, 'people', people)), 'UTF8')), 'hex');
END
$$;

-- Appends a group of drafts to chain p_chain in one statement. p_group is
-- {"optional": [field, ...], "drafts": [{"event": {...}, "people": [...], "bulk": null or
-- {"recipientName": ..., "keepUntil": ...}}, ...]}. Returns each event's global number,
-- number in its chain and hash, in order.
CREATE OR REPLACE FUNCTION teikyo_append_provisions(p_chain integer, p_group jsonb)
RETURNS TABLE (event_seq bigint, chain_seq bigint, event_hash text)
LANGUAGE plpgsql AS $$
DECLARE
  optional text[] := ARRAY(SELECT jsonb_array_elements_text(p_group -> 'optional'));
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
    ev."hash" := teikyo_event_hash(last_hash, ev, d -> 'people', optional);
    INSERT INTO "ProvisionEvent" SELECT ev.*;
    INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId")
      SELECT ev."seq", p."personId", p."items", p."consentId"
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
