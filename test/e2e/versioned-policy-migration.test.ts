/**
 * The versioned-policy migration on a database with data (SQLite; the same steps are in
 * the PostgreSQL migration): purposes, their items and item classes become version 1 with
 * their present dates, consents point at version 1, notices become version 1, and the
 * provision records written before it still verify, with new records after it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { catalogSnapshot } from "../../src/modules/catalog/catalog-snapshot.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { oldRecordEvent } from "../old-record-event.js";

const MIGRATION = "20261201102121_versioned_policy";
const dir = join("prisma", "sqlite", "migrations");
const migrations = readdirSync(dir)
  .filter((m) => /^\d{14}_/.test(m))
  .sort();
const tmp = mkdtempSync(join(tmpdir(), "teikyo-migration-"));
const T = "2025-06-01T00:00:00.000+00:00";

const oldEvent = (seq: number, prevHash: string) =>
  oldRecordEvent(seq, prevHash, new Date("2026-01-10T00:00:00Z"));

describe("versioned policy migration", () => {
  let db: Db | undefined;
  afterAll(async () => {
    await db?.$disconnect();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("turns current rows into version 1 and keeps the record chain verifiable", async () => {
    const file = join(tmp, "old.db");
    const raw = new Database(file);
    for (const m of migrations.filter((m) => m < MIGRATION))
      raw.exec(readFileSync(join(dir, m, "migration.sql"), "utf8"));
    raw.exec(`
      INSERT INTO "DataItem" VALUES ('full_name', 'Full name', '氏名', 'ORDINARY', '${T}', '${T}');
      INSERT INTO "DataItem" VALUES ('medical_note', 'Health', '健康', 'SENSITIVE', '${T}', '${T}');
      INSERT INTO "Purpose" VALUES ('delivery', 'Delivery', '配送のため', '${T}', '${T}');
      INSERT INTO "PurposeItem" VALUES ('delivery', 'full_name'), ('delivery', 'medical_note');
      INSERT INTO "Recipient" ("id","name","address","representative","country","legalBasis","contractRef","activeFrom","linksReferableData","bulkRecording","createdAt","updatedAt")
        VALUES ('r1', 'R1', 'Tokyo', 'CEO', 'JP', 'OPT_OUT', 'c', '${T}', 0, 0, '${T}', '${T}');
      INSERT INTO "Recipient" ("id","name","address","representative","country","legalBasis","contractRef","activeFrom","linksReferableData","bulkRecording","createdAt","updatedAt")
        VALUES ('r2', 'R2', 'Tokyo', 'CEO', 'JP', 'JOINT_USE', 'c', '${T}', 0, 0, '${T}', '${T}');
      INSERT INTO "Person" ("id","fullName","fullNameKana","email","phone","postalCode","prefecture","address","birthDate","gender","membershipTier","customerSince","cookieId","deviceId","lastIp","acquisitionMethod")
        VALUES ('P1','山田 太郎','ヤマダ タロウ','t@example.com','090','100-0001','東京都','千代田区','${T}','male','gold','${T}','c','d','1.2.3.4','DIRECT');
      INSERT INTO "Consent" ("id","personId","recipientId","purposeCode","allItems","givenAt","method","evidenceRef","createdAt")
        VALUES ('c1','P1','r1','delivery',1,'${T}','web','e','${T}');
      INSERT INTO "OptOutNotice" VALUES ('r1','Minato','Tokyo','CEO','["full_name"]','web','file',1,'form','monthly','${T}','${T}','${T}','${T}');
      INSERT INTO "ForeignStatement" ("id","recipientId","version","country","protectionSystem","recipientMeasures","publishedAt")
        VALUES ('fs1','r1',1,'US','s','m','2025-01-01T00:00:00.000+00:00'), ('fs2','r1',2,'US','s2','m2','2025-09-01T00:00:00.000+00:00');
      INSERT INTO "JointUseNotice" VALUES ('r2','Group','["full_name"]','["delivery"]','Minato','Tokyo','CEO','${T}','${T}','${T}');
    `);
    let prev = "genesis";
    for (const seq of [1, 2]) {
      const { event, hash } = oldEvent(seq, prev);
      raw
        .prepare(
          `INSERT INTO "ProvisionEvent" ("seq","id","at","recipientId","recipientSnapshot","purposeCode","ground","legallyRequired","recordKinds","country","foreignRoute","apiKeyId","requestId","operationHash","rootField","items","personCount","keepUntil","prevHash","hash")
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(
          seq,
          event.id,
          event.at.toISOString(),
          event.recipientId,
          JSON.stringify(event.recipientSnapshot),
          event.purposeCode,
          event.ground,
          1,
          JSON.stringify(event.recordKinds),
          event.country,
          null,
          event.apiKeyId,
          event.requestId,
          event.operationHash,
          event.rootField,
          JSON.stringify(event.items),
          1,
          event.keepUntil.toISOString(),
          prev,
          hash,
        );
      raw.prepare(`INSERT INTO "ProvisionRecordPerson" VALUES (?, 'P1', '["full_name"]', 'c1')`).run(seq);
      prev = hash;
    }
    raw.prepare(`UPDATE "ProvisionChainHead" SET "lastSeq" = 2, "lastHash" = ? WHERE "id" = 1`).run(prev);
    raw.exec(readFileSync(join(dir, MIGRATION, "migration.sql"), "utf8"));
    // And every migration after it, so the current client reads the database.
    for (const m of migrations.filter((m) => m > MIGRATION))
      raw.exec(readFileSync(join(dir, m, "migration.sql"), "utf8"));
    raw.close();

    db = await createDb(`file:${file}`);
    expect(await verifyChain(db)).toMatchObject({ events: 2, chains: 1, problems: [] });
    const version = await db.purposeVersion.findUniqueOrThrow({
      where: { id: "pv1-delivery" },
      include: { items: { orderBy: { itemCode: "asc" } } },
    });
    expect(version).toMatchObject({
      version: 1,
      description: "Delivery",
      descriptionJa: "配送のため",
      effectiveUntil: null,
    });
    expect(version.announcedAt.toISOString()).toBe("2025-06-01T00:00:00.000Z");
    expect(version.items.map((i) => [i.itemCode, i.itemClass])).toEqual([
      ["full_name", "ORDINARY"],
      ["medical_note", "SENSITIVE"],
    ]);
    expect(await db.consent.findUniqueOrThrow({ where: { id: "c1" } })).toMatchObject({
      purposeVersionId: "pv1-delivery",
    });
    // The old opt-out notice recorded no notification date: version 1 is kept without one.
    expect(await db.optOutNotice.findFirstOrThrow()).toMatchObject({
      id: "oon1-r1",
      version: 1,
      notifiedAt: null,
    });
    expect(await db.jointUseNotice.findFirstOrThrow()).toMatchObject({ id: "jun1-r2", version: 1 });
    // A replaced foreign statement ends where the next one was published.
    const statements = await db.foreignStatement.findMany({ orderBy: { version: "asc" } });
    expect(statements.map((f) => f.effectiveUntil?.toISOString() ?? null)).toEqual([
      "2025-09-01T00:00:00.000Z",
      null,
    ]);
    const catalog = await catalogSnapshot(db, new Date("2026-01-01T00:00:00Z"));
    expect(catalog.purposes.get("delivery")).toMatchObject({ versionId: "pv1-delivery" });
    expect(catalog.classes.get("medical_note")).toBe("SENSITIVE");
    expect(catalog.allItemsCoverage.get("pv1-delivery")).toEqual(new Set(["full_name"]));
  });
});
