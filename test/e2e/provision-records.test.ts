/**
 * No personal data leaves without its provision record (art. 29): records are written with
 * each provision, carry the fields of their basis, and a failed write means no data.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { purgeExpiredRecords } from "../../src/modules/records/purge-records.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { client, databaseUrl, demoKey, testDb } from "../helpers.js";
import { aroundRecordWrites, failInside } from "../record-faults.js";

const onPostgres = providerOf(databaseUrl()) === "postgresql";

/**
 * Changes records as a database superuser would (on PostgreSQL, with triggers switched off
 * for the transaction: past the append-only guard, which no ordinary role can do).
 */
async function tamper(db: Db, change: (tx: Db) => Promise<unknown>) {
  await db.$transaction(
    async (tx) => {
      if (onPostgres) await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      await change(tx as unknown as Db);
    },
    { timeout: 60_000 },
  );
}

const compliance = demoKey("compliance");
type Gql = Awaited<ReturnType<typeof client>>;

async function recordsOf(gql: Gql, filter: string) {
  const res = await gql(
    compliance,
    `{ provisionRecords(filter: { ${filter} }, first: 500) { nodes { id at recipientId recipient purpose ground legallyRequired
      recordKinds country foreignRoute items personCount keepUntil people { personId items consentId } } } }`,
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data?.provisionRecords.nodes as any[];
}

describe("provision records", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it("records an entrustee's provision, marked as not legally required, with the items each person contributed", async () => {
    const res = await gql(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 3) { edges { node { id fullName address orders { product } } } } }`,
    );
    expect(res.status).toBe(200);
    const records = await recordsOf(gql, `recipientId: "hayate-logistics", personId: "C000001"`);
    const last = records.at(-1);
    expect(last).toMatchObject({
      purpose: "delivery",
      ground: "ENTRUSTMENT",
      legallyRequired: false,
      recordKinds: ["NOT_REQUIRED"],
      items: ["address", "customer_id", "full_name", "order_history", "order_product"],
      people: [{ personId: "C000001", consentId: null, items: ["address", "customer_id", "full_name"] }],
    });
  });

  it("records a consent-based provision with the consent relied on", async () => {
    await gql(
      demoKey("aoba-life"),
      `{ person(purpose: "health_support", id: "C000021") { fullName medicalNote } }`,
    );
    const [event] = (await recordsOf(gql, `recipientId: "aoba-life", personId: "C000021"`)).slice(-1);
    expect(event).toMatchObject({ ground: "CONSENT", legallyRequired: true, recordKinds: ["CONSENT"] });
    expect(event.people).toEqual([
      {
        personId: "C000021",
        consentId: "consent-aoba-C000021",
        items: expect.arrayContaining(["full_name"]),
      },
    ]);
  });

  it("records an opt-out provision with the date and the recipient's name, address and representative as they were", async () => {
    await gql(
      demoKey("tokai-direct"),
      `{ people(purpose: "mailing_list", first: 2) { edges { node { fullName address } } } }`,
    );
    const [event] = (await recordsOf(gql, `recipientId: "tokai-direct", personId: "C000002"`)).slice(-1);
    expect(event.ground).toBe("OPT_OUT");
    expect(event.at).toEqual(expect.any(String));
    expect(event.recipient).toMatchObject({
      name: expect.stringContaining("東海ダイレクトメール"),
      address: "愛知県名古屋市中区栄3-5-12",
      representative: "代表取締役 東 美香",
    });
    // A later edit of the recipient does not rewrite the record.
    await gql(
      demoKey("admin"),
      `mutation { updateRecipient(id: "tokai-direct", change: { address: "愛知県名古屋市東区1-1" }) { id } }`,
    );
    const [again] = (await recordsOf(gql, `recipientId: "tokai-direct", personId: "C000002"`)).slice(-1);
    expect(again.recipient.address).toBe("愛知県名古屋市中区栄3-5-12");
  });

  it("records a foreign provision with its country and route", async () => {
    await gql(demoKey("northwind-ads"), `{ person(purpose: "advertising", id: "C000003") { cookieId } }`);
    const [event] = (await recordsOf(gql, `recipientId: "northwind-ads"`)).slice(-1);
    expect(event).toMatchObject({
      ground: "FOREIGN_CONSENT",
      country: "US",
      foreignRoute: "CONSENT",
      recordKinds: ["FOREIGN_CONSENT"],
    });
  });

  it("records nothing for a refused query or a withheld person", async () => {
    const before = (await recordsOf(gql, `recipientId: "tokai-direct"`)).length;
    await gql(demoKey("tokai-direct"), `{ person(purpose: "mailing_list", id: "C000007") { fullName } }`);
    await gql(demoKey("tokai-direct"), `{ people(purpose: "mailing_list") { edges { node { email } } } }`);
    expect((await recordsOf(gql, `recipientId: "tokai-direct"`)).length).toBe(before);
  });

  it.each(["transaction", "people"] as const)(
    "returns an error and no personal data when the record write fails (%s), leaving nothing half-written",
    async (where) => {
      const db = await testDb();
      // The call refused as a dropped connection would; or the database failing it midway,
      // after the events went in, at their people.
      const failing = await client({
        db:
          where === "transaction"
            ? aroundRecordWrites(db, () => Promise.reject(new Error("connection terminated")))
            : db,
      });
      const events = await db.provisionEvent.count();
      const remove =
        where === "people" ? await failInside(db, { table: "ProvisionRecordPerson", write: "INSERT" }) : null;
      const res = await failing(
        demoKey("hayate-logistics"),
        `{ people(purpose: "delivery", first: 5) { edges { node { fullName address } } } }`,
      ).finally(() => remove?.());
      expect(res.status).toBe(503);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe("PROVISION_RECORD_FAILED");
      expect(JSON.stringify(res.body)).not.toMatch(/市|区/); // no address leaked in the error
      expect(await db.provisionEvent.count()).toBe(events);
      expect((await verifyChain(db)).problems).toEqual([]);
    },
  );

  it.runIf(onPostgres)(
    "returns an error and no data when PostgreSQL kills the connection during the record write",
    async () => {
      const db = await testDb();
      // The backend serving the record write ends its own session as it inserts the event,
      // as an outage or failover would.
      const remove = await failInside(db, { table: "ProvisionEvent", write: "INSERT" }, "kill");
      const before = await db.provisionEvent.count();
      const res = await gql(
        demoKey("hayate-logistics"),
        `{ people(purpose: "delivery", first: 5) { edges { node { fullName } } } }`,
      ).finally(remove);
      expect(res.status).toBe(503);
      expect(res.body.data ?? null).toBeNull();
      expect(await db.provisionEvent.count()).toBe(before);
      expect((await verifyChain(db)).problems).toEqual([]);
    },
  );

  it("R19(2): keeps a bulk record with first and last provision for continuous provision, never for opt-out", async () => {
    const admin = demoKey("admin");
    const on = await gql(
      admin,
      `mutation { updateRecipient(id: "aoba-life", change: { bulkRecording: true }) { bulkRecording } }`,
    );
    expect(on.body.data?.updateRecipient.bulkRecording).toBe(true);
    const optOut = await gql(
      admin,
      `mutation { updateRecipient(id: "tokai-direct", change: { bulkRecording: true }) { id } }`,
    );
    expect(optOut.body.errors?.[0]?.message).toMatch(/never in bulk/);

    let clock = new Date("2026-11-24T09:00:00Z");
    const later = await client({ clock: () => clock });
    const q = `{ person(purpose: "health_support", id: "C000061") { fullName } }`;
    await later(demoKey("aoba-life"), q);
    clock = new Date("2026-12-24T09:00:00Z");
    await later(
      demoKey("aoba-life"),
      `{ person(purpose: "health_support", id: "C000061") { fullName email } }`,
    );
    const bulk = await gql(
      compliance,
      `{ bulkProvisionRecords(recipientId: "aoba-life", personId: "C000061") { ground recipientName consentId items firstProvidedAt lastProvidedAt keepUntil } }`,
    );
    expect(bulk.body.data?.bulkProvisionRecords).toEqual([
      {
        ground: "CONSENT",
        recipientName: expect.stringContaining("アオバ生命"),
        consentId: "consent-aoba-C000061",
        items: ["customer_id", "email", "full_name"], // looked up by customer number
        firstProvidedAt: "2026-11-24T09:00:00.000Z",
        lastProvidedAt: "2026-12-24T09:00:00.000Z",
        keepUntil: "2029-12-24T09:00:00.000Z",
      },
    ]);
    await gql(
      admin,
      `mutation { updateRecipient(id: "aoba-life", change: { bulkRecording: false }) { id } }`,
    );
  });

  it("keeps records for three years (R21)", async () => {
    const [event] = (await recordsOf(gql, `recipientId: "hayate-logistics"`)).slice(-1);
    expect(new Date(event.keepUntil).getUTCFullYear() - new Date(event.at).getUTCFullYear()).toBe(3);
  });

  it("shows a partner its own provisions with the provider's art. 30 details, no one else's, and no customer numbers", async () => {
    const res = await gql(
      demoKey("tokai-direct"),
      `{ myProvisions(first: 500) { provider { name address representative acquisition } nodes { purpose ground items personCount } } }`,
    );
    const mine = res.body.data?.myProvisions;
    expect(mine.provider).toMatchObject({
      name: expect.stringContaining("Minato Lifestyle"),
      address: expect.any(String),
    });
    const db = await testDb();
    expect(mine.nodes).toHaveLength(
      await db.provisionEvent.count({ where: { recipientId: "tokai-direct" } }),
    );
    expect(new Set(mine.nodes.map((n: { purpose: string }) => n.purpose))).toEqual(new Set(["mailing_list"]));
    // The customer numbers behind a provision are not the partner's to see (its scope lacks them).
    const ids = await gql(demoKey("tokai-direct"), `{ myProvisions { nodes { people { personId } } } }`);
    expect(ids.body.errors?.[0]?.message).toMatch(/Cannot query field "people" on type "ReceivedProvision"/);
    expect(
      (await gql(compliance, `{ myProvisions { hasNextPage } }`)).body.errors?.[0]?.extensions?.code,
    ).toBe("FORBIDDEN");
  });

  it("is refused to partners", async () => {
    const res = await gql(demoKey("hayate-logistics"), `{ provisionRecords { nodes { id } } }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("detects a record edited by hand, and `records verify` fails", async () => {
    const db = await testDb();
    expect((await verifyChain(db)).problems).toEqual([]);
    const victim = await db.provisionRecordPerson.findFirstOrThrow({ orderBy: { eventSeq: "asc" } });
    await tamper(db, (tx) =>
      tx.provisionRecordPerson.update({
        where: { eventSeq_personId: { eventSeq: victim.eventSeq, personId: victim.personId } },
        data: { items: [...(victim.items as string[]), "tampered_item"] },
      }),
    );
    const { problems } = await verifyChain(db);
    expect(problems).toEqual([expect.objectContaining({ seq: victim.eventSeq, problem: "EDITED" })]);
    // restore so that later files see an intact chain
    await tamper(db, (tx) =>
      tx.provisionRecordPerson.update({
        where: { eventSeq_personId: { eventSeq: victim.eventSeq, personId: victim.personId } },
        data: { items: victim.items as string[] },
      }),
    );
    expect((await verifyChain(db)).problems).toEqual([]);
  });

  it("detects a deleted record", async () => {
    const db = await testDb();
    const events = await db.provisionEvent.findMany({
      orderBy: { seq: "asc" },
      take: 2,
      include: { people: true },
    });
    const middle = events[0];
    if (!middle) throw new Error("no events");
    await tamper(db, async (tx) => {
      // With triggers off (PostgreSQL), the foreign key's cascade is off too.
      await tx.provisionRecordPerson.deleteMany({ where: { eventSeq: middle.seq } });
      await tx.provisionEvent.delete({ where: { seq: middle.seq } });
    });
    const { problems } = await verifyChain(db);
    expect(problems.map((p) => p.problem)).toContain("BROKEN_LINK");
    // restore
    const { people, ...event } = middle;
    await tamper(db, async (tx) => {
      await tx.provisionEvent.create({
        data: {
          ...event,
          recipientSnapshot: event.recipientSnapshot as object,
          recordKinds: event.recordKinds as object,
          items: event.items as object,
        },
      });
      await tx.provisionRecordPerson.createMany({
        data: people.map((p) => ({ ...p, items: p.items as object })),
      });
    });
    expect((await verifyChain(db)).problems).toEqual([]);
  });

  it.runIf(onPostgres)(
    "refuses UPDATE and DELETE of records on PostgreSQL outside the purge path",
    async () => {
      const db = await testDb();
      const event = await db.provisionEvent.findFirstOrThrow({ orderBy: { seq: "asc" } });
      await expect(
        db.provisionEvent.update({ where: { seq: event.seq }, data: { purposeCode: "x" } }),
      ).rejects.toThrow(/append-only/);
      await expect(db.provisionRecordPerson.deleteMany({ where: { eventSeq: event.seq } })).rejects.toThrow(
        /append-only/,
      );
      expect((await verifyChain(db)).problems).toEqual([]);
    },
  );

  it.runIf(onPostgres)(
    "refuses TRUNCATE, the purge setting from a plain session, and purges, checkpoints or heads rewritten",
    async () => {
      const db = await testDb();
      const before = await db.provisionEvent.count();
      const inTx = (statements: string[]) =>
        db.$transaction(async (tx) => {
          for (const s of statements) await tx.$executeRawUnsafe(s);
        });
      for (const table of [
        "ProvisionEvent",
        "ProvisionRecordPerson",
        "RecordPurge",
        "RecordCheckpoint",
        "ProvisionChainHead",
      ])
        await expect(inTx([`TRUNCATE "${table}" CASCADE`])).rejects.toThrow(/TRUNCATE of .* refused/);
      // The old bypass: any session could set the variable. It no longer opens anything.
      await expect(
        inTx([
          `SET LOCAL teikyo.purge = 'on'`,
          `DELETE FROM "ProvisionRecordPerson"`,
          `DELETE FROM "ProvisionEvent"`,
        ]),
      ).rejects.toThrow(/append-only/);
      await expect(
        inTx([
          `UPDATE "RecordPurge" SET "anchorHash" = 'x'`,
          `INSERT INTO "RecordPurge" ("id", "at", "actor", "chain", "upToSeq", "anchorHash", "count") VALUES ('p', now(), 'x', 0, 1, 'x', 1)`,
          `DELETE FROM "RecordPurge" WHERE "id" = 'p'`,
        ]),
      ).rejects.toThrow(/append-only/);
      await expect(
        inTx([
          `DELETE FROM "RecordCheckpoint"`,
          `INSERT INTO "RecordCheckpoint" ("id", "at", "headSeq", "headHash", "keyId", "signed") VALUES ('c', now(), 1, 'h', 'k', '{}')`,
          `DELETE FROM "RecordCheckpoint" WHERE "id" = 'c'`,
        ]),
      ).rejects.toThrow(/append-only/);
      const head = await db.provisionChainHead.findUniqueOrThrow({ where: { id: 0 } });
      await expect(
        db.provisionChainHead.update({ where: { id: 0 }, data: { lastSeq: head.lastSeq - 1n } }),
      ).rejects.toThrow(/only move forward/);
      await expect(
        db.provisionChainHead.update({ where: { id: 0 }, data: { lastHash: "genesis" } }),
      ).rejects.toThrow(/only move forward/);
      await expect(db.provisionChainHead.delete({ where: { id: 0 } })).rejects.toThrow(/only move forward/);
      await expect(
        db.provisionChainHead.create({ data: { id: 77, lastSeq: 5, lastHash: "forged" } }),
      ).rejects.toThrow(/only move forward/);
      // Calling the purge function directly deletes nothing still within retention.
      const first = await db.provisionEvent.findFirstOrThrow({
        where: { chain: 0 },
        orderBy: { chainSeq: "asc" },
      });
      await expect(
        inTx([`SELECT teikyo_purge_chain(0, ${first.chainSeq}, now()::timestamp(3), 'x', 'p2')`]),
      ).rejects.toThrow(/within retention/);
      expect(await db.provisionEvent.count()).toBe(before);
      expect((await verifyChain(db)).problems).toEqual([]);
    },
  );

  it("purges only records past their retention date, logs it, and the chain still verifies", async () => {
    const db = await testDb();
    const url = databaseUrl();
    const all = await db.provisionEvent.findMany({ orderBy: { seq: "asc" }, include: { people: true } });
    const head = await db.provisionChainHead.findUniqueOrThrow({ where: { id: 0 } });
    expect(await purgeExpiredRecords(db, url, new Date("2027-01-01T00:00:00Z"), "test")).toEqual({
      count: 0,
    });
    const purged = await purgeExpiredRecords(db, url, new Date("2035-01-01T00:00:00Z"), "test");
    expect(purged.count).toBe(all.length);
    expect(await db.provisionEvent.count()).toBe(0);
    expect(await db.recordPurge.count({ where: { actor: "test" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "records.purge", actor: "test" } })).toBe(1);
    expect((await verifyChain(db)).problems).toEqual([]);
    // Put the records back for the other test files.
    await tamper(db, async (tx) => {
      await tx.recordPurge.deleteMany({ where: { actor: "test" } });
      // Two statements whatever the number of records (other test files leave hundreds).
      await tx.provisionEvent.createMany({
        data: all.map(({ people: _people, ...event }) => ({
          ...event,
          recipientSnapshot: event.recipientSnapshot as object,
          recordKinds: event.recordKinds as object,
          items: event.items as object,
        })),
      });
      await tx.provisionRecordPerson.createMany({
        data: all.flatMap((e) => e.people.map((p) => ({ ...p, items: p.items as object }))),
      });
      await tx.provisionChainHead.update({
        where: { id: 0 },
        data: { lastSeq: head.lastSeq, lastHash: head.lastHash },
      });
    });
    expect((await verifyChain(db)).problems).toEqual([]);
  });
});

describe("provision record export", () => {
  it("streams the records of a recipient as CSV and JSON through HTTP, to compliance only", async () => {
    const db = await testDb();
    const { createTeikyo } = await import("../../src/yoga.js");
    const yoga = createTeikyo({ db });
    const get = (path: string, key: string) =>
      yoga.fetch(`http://teikyo.test${path}`, { headers: { authorization: `Bearer ${key}` } });
    const csv = await get("/records/export.csv?recipient=hayate-logistics&person=C000001", compliance);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "eventId,providedAt,providedAtJst,recipientId,recipientName,recipientAddress,recipientRepresentative,country,foreignRoute,purpose,ground,legallyRequired,personId,items,consentId,keepUntil,keepUntilJst",
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(",hayate-logistics,") && l.includes(",C000001,"))).toBe(
      true,
    );
    const expected = await db.provisionRecordPerson.count({
      where: { personId: "C000001", event: { recipientId: "hayate-logistics" } },
    });
    expect(lines.length - 1).toBe(expected);

    const json = await get("/records/export.json?person=C000021", compliance);
    const rows = (await json.json()) as { personId: string; ground: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.personId === "C000021")).toBe(true);

    expect((await get("/records/export.csv", demoKey("hayate-logistics"))).status).toBe(403);
    expect((await get("/records/export.csv?from=yesterday", compliance)).status).toBe(400);
    expect((await get("/records/export.csv?ground=ENTRUSTEE", compliance)).status).toBe(400);
    expect((await yoga.fetch("http://teikyo.test/records/export.csv")).status).toBe(401);
  });
});
