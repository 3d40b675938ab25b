/**
 * On PostgreSQL the people of a provision record are checked against their event once per
 * event by a statement trigger, not by a foreign key checked once per person row
 * (docs/decisions/0093). The record function runs with generic plans (0090), and the key's
 * per-row check kept the plan a connection first gave it: for a month partition that was
 * empty then, a sequential scan of that partition for every person, for as long as the
 * connection lived. These tests prove the check still refuses people without their event,
 * and that a month which was empty when the writer first touched it is then searched by its
 * index, not scanned once per person.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { providerOf } from "../../src/db/database-url.js";
import { groupParams } from "../../src/modules/records/append-postgres.js";
import { copyDatabase, databaseUrl } from "../helpers.js";
import { sampleDraft } from "../provision-drafts.js";

const onPostgres = providerOf(databaseUrl()) === "postgresql";

async function session(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** Inserts two people of an event that does not exist into `table`, a partition or the whole. */
const orphans = (c: pg.Client, table: string) =>
  c.query(
    `INSERT INTO "${table}" ("eventSeq", "personId", "items", "eventAt")
     VALUES (-1, 'NO-EVENT-1', '["full_name"]', '2031-03-02 09:00:00'),
            (-1, 'NO-EVENT-2', '["full_name"]', '2031-03-02 09:00:00')`,
  );

const refused = { code: "23503", message: expect.stringContaining("refer to no event") };

/** An event of 100 people at `at` for a recipient no other test uses. */
function pageDraft(at: Date, page: number) {
  const people = Array.from({ length: 100 }, (_, i) => ({
    personId: `PLAN${String(page * 100 + i).padStart(6, "0")}`,
    items: ["full_name", "postal_code"],
    consentId: null,
  }));
  return sampleDraft("people-check-test", { event: { at }, people });
}

const APPEND = "SELECT * FROM teikyo_append_provisions($1, $2::text[], $3::text[], $4::jsonb)";
/** Any chain: the month, not the chain, is what the test is about. */
const CHAIN = 7;

describe.runIf(onPostgres)("record people checked against their event (PostgreSQL)", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it("refuses people whose event does not exist, through the table or into a partition by name", async () => {
    const c = await session(databaseUrl());
    cleanup.push(() => c.end());
    await expect(orphans(c, "ProvisionRecordPerson")).rejects.toMatchObject(refused);
    // A partition's own trigger (db migrate's guards): statement triggers fire only on the table named.
    await expect(orphans(c, "ProvisionRecordPerson_default")).rejects.toMatchObject(refused);
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM "ProvisionRecordPerson" WHERE "personId" LIKE 'NO-EVENT-%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it("searches a month that was empty when the writer first used it by index, not once per person", async () => {
    const copy = await copyDatabase(databaseUrl(), "peoplecheck");
    cleanup.push(copy.drop);
    const c = await session(copy.url);
    cleanup.push(() => c.end());
    // A month of its own, made and analyzed while empty, as at the turn of a month.
    await c.query(`SELECT teikyo_record_partitions_ahead('2031-03-01'::timestamp, 0)`);
    await c.query(`ANALYZE "ProvisionEvent_2031_03", "ProvisionRecordPerson_2031_03"`);
    // A month made ahead gets its check with its TRUNCATE guard.
    await expect(orphans(c, "ProvisionRecordPerson_2031_03")).rejects.toMatchObject(refused);
    const events = 150;
    for (let page = 0; page < events; page++) {
      const g = groupParams([pageDraft(new Date(Date.UTC(2031, 2, 15, 0, 0, page)), page)]);
      await c.query(APPEND, [CHAIN, g.events, g.people, g.bulk]);
    }
    const written = await c.query(`SELECT count(*)::int AS n FROM "ProvisionRecordPerson_2031_03"`);
    expect(written.rows[0].n).toBe(events * 100);
    // This session's table statistics, flushed now rather than within the next second.
    await c.query("SELECT pg_stat_force_next_flush()");
    const { rows } = await c.query<{ read: string }>(
      `SELECT coalesce(seq_tup_read, 0) AS read FROM pg_stat_user_tables WHERE relname = 'ProvisionEvent_2031_03'`,
    );
    // A scan per person reads 100 x (1 + 2 + ... + 150) = 1,132,500 event rows (the foreign
    // key did). Planned per event, the check scans the month only while it is small (about
    // 5,600 rows read in all here), then looks events up by index: fewer rows read than
    // people written.
    expect(Number(rows[0]!.read)).toBeLessThan(events * 100);
  });
});
