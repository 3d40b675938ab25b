/**
 * Record tables partitioned by month on PostgreSQL (docs/decisions/0066): rows written
 * through the gateway land in their month, a purge that covers a whole month of every chain
 * drops that month's partitions and the chain still verifies, the app's role can neither
 * drop, detach nor truncate a partition, and the partitioning migration keeps an existing
 * chain verifiable.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { afterMigrations } from "../../src/db/migrate.js";
import { moveDefaultPartitionRows } from "../../src/db/record-partitions.js";
import { purgeExpiredRecords } from "../../src/modules/records/purge-records.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { oldRecordEvent } from "../old-record-event.js";
import { client, databaseUrl, demoKey, NOW, testDb } from "../helpers.js";

const onPostgres = providerOf(databaseUrl()) === "postgresql";
const MONTH = `${NOW.toISOString().slice(0, 4)}_${NOW.toISOString().slice(5, 7)}`;

async function withSession<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

const exists = (c: pg.Client, table: string) =>
  c.query(`SELECT to_regclass($1) AS t`, [`"${table}"`]).then((r) => r.rows[0].t !== null);

describe.runIf(onPostgres)("record partitions (PostgreSQL)", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it("writes records into their month, and a purge covering the month drops it whole", async () => {
    const db = await testDb();
    const url = databaseUrl();
    const gql = await client();
    const res = await gql(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 2) { edges { node { id } } } }`,
    );
    expect(res.status).toBe(200);
    // Rows of earlier tests sit in the default partition (the test clock's month was not made ahead).
    await withSession(url, (c) => moveDefaultPartitionRows(c));
    const all = await db.provisionEvent.findMany({ orderBy: { seq: "asc" }, include: { people: true } });
    // Kept byte for byte in SQL for putting back: a round trip through JavaScript is lossy for
    // some JSON numbers other files record (1.7976931348623157e308 came back null), and the
    // chain would no longer verify.
    await withSession(url, (c) =>
      c.query(`CREATE TABLE "saved_events" AS SELECT * FROM "ProvisionEvent";
        CREATE TABLE "saved_people" AS SELECT * FROM "ProvisionRecordPerson"`),
    );
    const heads = await db.provisionChainHead.findMany();
    expect(all.length).toBeGreaterThan(0);
    await withSession(url, async (c) => {
      expect(await exists(c, `ProvisionEvent_${MONTH}`)).toBe(true);
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM "ProvisionEvent_${MONTH}"`);
      expect(rows[0].n).toBeGreaterThan(0);
      const empty = await c.query(
        `SELECT (SELECT count(*) FROM "ProvisionEvent_default") + (SELECT count(*) FROM "ProvisionRecordPerson_default") AS n`,
      );
      expect(Number(empty.rows[0].n)).toBe(0);
    });

    const purged = await purgeExpiredRecords(db, url, new Date("2035-01-01T00:00:00Z"), "partition-test");
    expect(purged.count).toBe(all.length);
    await withSession(url, async (c) => {
      expect(await exists(c, `ProvisionEvent_${MONTH}`)).toBe(false);
      expect(await exists(c, `ProvisionRecordPerson_${MONTH}`)).toBe(false);
    });
    const logged = await db.recordPurge.findMany({ where: { actor: "partition-test" } });
    expect(logged.reduce((n, p) => n + p.count, 0)).toBe(all.length);
    expect(await db.provisionEvent.count()).toBe(0);
    expect((await verifyChain(db)).problems).toEqual([]);

    // Put the records back (as a superuser past the guards) for the other test files.
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
        await tx.recordPurge.deleteMany({ where: { actor: "partition-test" } });
        await tx.auditEvent.deleteMany({ where: { actor: "partition-test" } });
        await tx.$executeRawUnsafe(`INSERT INTO "ProvisionEvent" SELECT * FROM "saved_events"`);
        await tx.$executeRawUnsafe(`INSERT INTO "ProvisionRecordPerson" SELECT * FROM "saved_people"`);
        await tx.$executeRawUnsafe(`DROP TABLE "saved_events", "saved_people"`);
        for (const head of heads) await tx.provisionChainHead.update({ where: { id: head.id }, data: head });
      },
      { timeout: 60_000 },
    );
    await withSession(url, (c) => moveDefaultPartitionRows(c));
    await withSession(url, async (c) => expect(await exists(c, `ProvisionEvent_${MONTH}`)).toBe(true));
    expect((await verifyChain(db)).problems).toEqual([]);
  });

  it("keeps partial months: a purge that leaves records in a month deletes rows and keeps the partition", async () => {
    const db = await testDb();
    const url = databaseUrl();
    const before = await db.provisionEvent.count();
    // Nothing is past retention at the test clock: no partition goes, nothing is deleted.
    expect(await purgeExpiredRecords(db, url, NOW, "partition-test")).toEqual({ count: 0 });
    await withSession(url, async (c) => expect(await exists(c, `ProvisionEvent_${MONTH}`)).toBe(true));
    expect(await db.provisionEvent.count()).toBe(before);
  });

  it("refuses TRUNCATE of every partition, and DROP, DETACH or the month-drop function to the app's role", async () => {
    const url = databaseUrl();
    await withSession(url, async (c) => {
      const { rows } = await c.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
          WHERE h.inhparent IN ('"ProvisionEvent"'::regclass, '"ProvisionRecordPerson"'::regclass)`,
      );
      expect(rows.map((r) => r.name)).toEqual(
        expect.arrayContaining([
          `ProvisionEvent_${MONTH}`,
          "ProvisionEvent_default",
          "ProvisionRecordPerson_default",
        ]),
      );
      // Even a superuser's TRUNCATE meets the guard on each partition.
      for (const { name } of rows)
        await expect(c.query(`TRUNCATE "${name}" CASCADE`)).rejects.toThrow(/TRUNCATE of .* refused/);

      // The gateway's role: reads and writes the tables, owns none of them.
      await c.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'teikyo_test_app') THEN
          CREATE ROLE teikyo_test_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
      await c.query(`GRANT USAGE ON SCHEMA public TO teikyo_test_app`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO teikyo_test_app`);
      const asApp = async (sql: string) => {
        await c.query("BEGIN");
        try {
          await c.query("SET LOCAL ROLE teikyo_test_app");
          await c.query(sql);
        } finally {
          await c.query("ROLLBACK");
        }
      };
      const part = `ProvisionEvent_${MONTH}`;
      await expect(asApp(`ALTER TABLE "ProvisionEvent" DETACH PARTITION "${part}"`)).rejects.toThrow(
        /must be owner/,
      );
      await expect(asApp(`DROP TABLE "ProvisionRecordPerson_${MONTH}"`)).rejects.toThrow(/must be owner/);
      await expect(asApp(`DROP TABLE "ProvisionEvent_default"`)).rejects.toThrow(/must be owner/);
      await expect(asApp(`TRUNCATE "${part}"`)).rejects.toThrow(/permission denied|refused/);
      await expect(asApp(`SELECT teikyo_drop_record_month('${MONTH.replace("_", "-")}-01')`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(asApp(`DELETE FROM "${part}"`)).rejects.toThrow(/permission denied|append-only/);
      // Adding empty months ahead is open to it, and changes nothing when they exist.
      await asApp(`SELECT teikyo_record_partitions_ahead(now()::timestamp, 2)`);
      expect(await exists(c, part)).toBe(true);
    });
  });

  it("migrates an existing chain into month partitions, and it still verifies", async () => {
    const base = new URL(databaseUrl());
    const name = `${base.pathname.slice(1)}_partmig`;
    const admin = new URL(base);
    admin.pathname = "/postgres";
    await withSession(admin.toString(), async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${name}"`);
    });
    const url = new URL(base);
    url.pathname = `/${name}`;
    const opened: Db[] = [];
    cleanup.push(async () => {
      for (const db of opened) await db.$disconnect();
      await withSession(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    });
    const dir = join("prisma", "postgresql", "migrations");
    const migrations = readdirSync(dir)
      .filter((m) => /^\d{14}_/.test(m))
      .sort();
    const partitioning = migrations.find((m) => m.endsWith("_record_partitions"))!;
    await withSession(url.toString(), async (c) => {
      for (const m of migrations.filter((m) => m < partitioning))
        await c.query(readFileSync(join(dir, m, "migration.sql"), "utf8"));
      // A chain of six events over three months, written before partitioning.
      let prevHash = "genesis";
      const months = ["2026-09-10", "2026-10-10", "2026-11-10"];
      for (let seq = 1; seq <= 6; seq++) {
        const { event, hash } = oldRecordEvent(seq, prevHash, new Date(`${months[(seq - 1) % 3]}T00:00:00Z`));
        await c.query(
          `INSERT INTO "ProvisionEvent" ("seq", "id", "at", "recipientId", "recipientSnapshot", "purposeCode", "ground",
             "legallyRequired", "recordKinds", "country", "apiKeyId", "requestId", "operationHash", "rootField", "items",
             "personCount", "keepUntil", "prevHash", "hash", "chain", "chainSeq")
           VALUES ($1, $2, $3, 'r1', $4, 'delivery', 'CONSENT', true, '["CONSENT"]', 'JP', 'k1', $5, $6, 'people',
             '["full_name"]', 1, $7, $8, $9, 0, $1)`,
          [
            seq,
            event.id,
            event.at.toISOString().replace("Z", ""),
            JSON.stringify(event.recipientSnapshot),
            event.requestId,
            event.operationHash,
            event.keepUntil.toISOString().replace("Z", ""),
            prevHash,
            hash,
          ],
        );
        await c.query(
          `INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId") VALUES ($1, 'P1', '["full_name"]', 'c1')`,
          [seq],
        );
        prevHash = hash;
      }
      await c.query(`SELECT setval(pg_get_serial_sequence('"ProvisionEvent"', 'seq'), 6)`);
      await c.query(
        `INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES (0, 6, $1)
        ON CONFLICT ("id") DO UPDATE SET "lastSeq" = 6, "lastHash" = $1`,
        [prevHash],
      );
      await c.query(readFileSync(join(dir, partitioning, "migration.sql"), "utf8"));
      await afterMigrations(c);
      for (const m of ["2026_09", "2026_10", "2026_11"]) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM "ProvisionEvent_${m}"`);
        expect(rows[0].n).toBe(2);
        const people = await c.query(`SELECT count(*)::int AS n FROM "ProvisionRecordPerson_${m}"`);
        expect(people.rows[0].n).toBe(2);
      }
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM "ProvisionEvent_default"`);
      expect(rows[0].n).toBe(0);
      // New events take numbers after the old ones.
      const next = await c.query(
        `SELECT nextval(pg_get_serial_sequence('"ProvisionEvent"', 'seq'))::int AS n`,
      );
      expect(next.rows[0].n).toBe(7);
    });
    const db = await createDb(url.toString());
    opened.push(db);
    expect((await verifyChain(db)).problems).toEqual([]);
    const person = await db.provisionRecordPerson.findMany({
      where: { personId: "P1" },
      include: { event: true },
    });
    expect(person.map((p) => p.event.id).sort()).toEqual([
      "old-1",
      "old-2",
      "old-3",
      "old-4",
      "old-5",
      "old-6",
    ]);
  });
});
