/**
 * One definition of the record hash: record-hash.ts. On PostgreSQL the hash is finished in
 * SQL once the head is locked (migration provision_append_function: sha256 of the previous
 * hash, a newline and the hashed text), so that form must agree with chainHash byte for
 * byte, for any Unicode text; and the stored hash of whole events with Japanese text, nulls,
 * optional fields set and unset and odd snapshots must be eventHash of the draft (the
 * function of migration provision_append_v2 rebuilds the hashed text from the event's and
 * people's canonical JSON as sent: jsonb would have rewritten 1.7976931348623157e308 and the
 * key order). On both databases, events written with those values verify (`records verify`
 * rehashes them in TypeScript from the stored rows).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { providerOf } from "../../src/db/database-url.js";
import { directOf } from "../../src/db/direct.js";
import type { ProvisionDraft } from "../../src/modules/provision/provision-draft.js";
import { groupParams } from "../../src/modules/records/append-postgres.js";
import { chainOf } from "../../src/modules/records/record-chains.js";
import { chainHash, eventHash, hashedParts } from "../../src/modules/records/record-hash.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { writeProvisions } from "../../src/modules/records/write-provisions.js";
import { databaseUrl, testDb } from "../helpers.js";
import { sampleDraft } from "../provision-drafts.js";

const onPostgres = providerOf(databaseUrl()) === "postgresql";

/** Values JavaScript and SQL must write alike (JSON text, so JSON.parse gives the JS value). */
const EDGE_VALUES: unknown[] = [
  { name: "株式会社ハヤテ物流", 代表: "速水 翔", foreignRoute: null, n: 0 },
  ['quote " backslash \\ slash / tab \t newline \n cr \r', "\u0001\u001f\u007f", "\u2028\u2029", "😀 emoji"],
  [1e21, 1.5e-7, 5e-324, 1.7976931348623157e308, -1e-7, 0.1, 123.456, -0, 2 ** 53 + 2, 1e20, 0.000001],
  { b: 1, a: { d: [], c: {} }, "": true, B: false, "\uE000": 1, "😀": 2, ｚ: 3, z: 4 },
  "",
  null,
  true,
];

/** A draft with values chosen to stress canonical JSON: Japanese text, a consent id, two people. */
function draft(
  over: Partial<ProvisionDraft["event"]> = {},
  people?: ProvisionDraft["people"],
): ProvisionDraft {
  return sampleDraft("hash-parity-test", {
    event: {
      at: new Date("2026-11-23T09:08:07.006Z"),
      recipientSnapshot: {
        id: "hash-parity-test",
        name: "ハッシュ検証株式会社",
        address: "東京都千代田区1-1",
        foreignRoute: null,
      },
      ground: "CONSENT",
      legallyRequired: true,
      recordKinds: ["PROVIDER_RECORD"],
      operationHash: "f".repeat(64),
      rootField: "人々",
      items: ["address", "full_name"],
      personCount: 2,
      keepUntil: new Date("2029-11-23T09:08:07.006Z"),
      ...over,
    },
    people: people ?? [
      { personId: "HASH-B", items: ["full_name"], consentId: "同意-1" },
      { personId: "HASH-A", items: ["address", "full_name"], consentId: null },
    ],
  });
}

const DRAFTS = (): ProvisionDraft[] => [
  draft(),
  draft({
    purposeVersionId: "pv-1",
    noticeVersionId: "nv-1",
    foreignStatementId: "fs-1",
    conformingCheckId: "cc-1",
  }),
  draft({ persistedOperationId: "op-hash-1", foreignRoute: "CONSENT", country: "US" }),
  draft({ recipientSnapshot: { edge: EDGE_VALUES, 名前: "テスト\u0000".replace("\u0000", "") } }),
  draft({ at: new Date("2026-01-02T03:04:05.000Z"), legallyRequired: false, recordKinds: [] }, [
    { personId: "😀-PERSON", items: ["x"], consentId: null },
    { personId: "\uE000-PERSON", items: ["y"], consentId: null },
    { personId: "ｚ-PERSON", items: [], consentId: "c" },
  ]),
];

describe.runIf(onPostgres)("the record hash in SQL (PostgreSQL)", () => {
  it("finishes a hash as chainHash does, for edge values and generated Unicode text", async () => {
    const db = await testDb();
    const generated = fc.sample(fc.string({ unit: "grapheme", maxLength: 200 }), { numRuns: 300, seed: 13 });
    const texts = [...EDGE_VALUES.map((v) => JSON.stringify(v)), ...generated]
      // PostgreSQL text holds no NUL: such a record cannot be stored on any path.
      .filter((t) => !t.includes("\u0000"));
    const rows = await db.$queryRawUnsafe<{ hash: string }[]>(
      `SELECT teikyo_chain_hash('genesis', t) AS hash FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS x(t, n) ORDER BY n`,
      JSON.stringify(texts),
    );
    expect(rows.map((r) => r.hash)).toEqual(texts.map((t) => chainHash("genesis", t)));
  });

  it("hashes each event as eventHash does (the stored hash is record-hash.ts's of the draft)", async () => {
    const db = await testDb();
    const drafts = DRAFTS();
    await writeProvisions(db, drafts);
    const stored = await db.provisionEvent.findMany({
      where: { id: { in: drafts.map((d) => d.event.id) } },
      orderBy: { chainSeq: "asc" },
    });
    expect(stored.map((e) => e.id)).toEqual(drafts.map((d) => d.event.id));
    for (const [i, e] of stored.entries())
      expect(e.hash, e.id).toBe(
        eventHash(e.prevHash, { event: drafts[i]!.event, people: drafts[i]!.people }),
      );
  });
});

describe.runIf(onPostgres)("the record function's versions (PostgreSQL)", () => {
  const pool = async () => {
    const direct = await directOf(await testDb());
    if (direct.kind !== "postgresql") throw new Error("not PostgreSQL");
    return direct.pool;
  };

  it("still appends through the previous release's jsonb call, on the same chain, while a release rolls out", async () => {
    const db = await testDb();
    const [first, old, last] = [draft(), draft(), draft()];
    await writeProvisions(db, [first!]);
    // What a server of the previous release sends (migration provision_append_function).
    const parts = hashedParts({ event: old!.event, people: old!.people });
    const group = `{"drafts":[{"event":${parts.event},"people":${parts.people},"hashed":${JSON.stringify(parts.text)},"bulk":null}]}`;
    await (
      await pool()
    ).query("SELECT * FROM teikyo_append_provisions($1, $2::jsonb)", [
      chainOf(old!.event.recipientId),
      group,
    ]);
    await writeProvisions(db, [last!]);
    const stored = await db.provisionEvent.findMany({
      where: { id: { in: [first!.event.id, old!.event.id, last!.event.id] } },
      orderBy: { chainSeq: "asc" },
    });
    expect(stored.map((e) => e.id)).toEqual([first!.event.id, old!.event.id, last!.event.id]);
    expect(stored[1]!.prevHash).toBe(stored[0]!.hash);
    expect(stored[2]!.prevHash).toBe(stored[1]!.hash);
    expect((await verifyChain(db)).problems).toEqual([]);
  });

  it("every version runs with generic plans, so its statements are planned once per connection", async () => {
    // Migration record_function_generic_plans; a CREATE OR REPLACE without the SET clause drops
    // it. The people's event check plans per event on its own (record-people-check.test.ts).
    const { rows } = await (
      await pool()
    ).query<{ args: string; config: string[] | null }>(
      `SELECT pg_get_function_identity_arguments(oid) AS args, proconfig AS config
         FROM pg_proc WHERE proname = 'teikyo_append_provisions' ORDER BY args`,
    );
    expect(rows).toEqual([
      {
        args: "p_chain integer, p_events text[], p_people text[], p_bulk jsonb",
        config: ["plan_cache_mode=force_generic_plan"],
      },
      { args: "p_chain integer, p_group jsonb", config: ["plan_cache_mode=force_generic_plan"] },
    ]);
  });

  it("refuses events, people and bulk entries that do not pair up, and writes nothing", async () => {
    const db = await testDb();
    const chain = chainOf("hash-parity-test");
    const before = await db.provisionChainHead.findUnique({ where: { id: chain } });
    const g = groupParams([draft(), draft()]);
    const call = (events: string[], people: string[], bulk: string) =>
      pool().then((p) =>
        p.query("SELECT * FROM teikyo_append_provisions($1, $2::text[], $3::text[], $4::jsonb)", [
          chain,
          events,
          people,
          bulk,
        ]),
      );
    await expect(call(g.events, g.people.slice(1), g.bulk)).rejects.toThrow(
      /2 events, 1 people lists, 2 bulk/,
    );
    await expect(call(g.events, g.people, "[null]")).rejects.toThrow(/2 events, 2 people lists, 1 bulk/);
    expect(await db.provisionChainHead.findUnique({ where: { id: chain } })).toEqual(before);
  });
});

describe("events with edge values, written the one-call way", () => {
  it("verify, and bulk records follow each provision", async () => {
    const db = await testDb();
    const drafts = DRAFTS();
    const bulk = { ...draft({ ground: "CONSENT" }), bulk: true };
    const again = {
      ...draft({ ground: "CONSENT", at: new Date("2026-11-24T00:00:00.000Z") }, [
        { personId: "HASH-A", items: ["address", "email"], consentId: "同意-2" },
      ]),
      bulk: true,
    };
    await writeProvisions(db, [...drafts, bulk]);
    await writeProvisions(db, [again]);
    expect((await verifyChain(db)).problems).toEqual([]);
    const rows = await db.bulkProvisionRecord.findMany({
      where: { recipientId: "hash-parity-test" },
      orderBy: { personId: "asc" },
    });
    expect(rows.map((r) => [r.personId, r.items, r.consentId, r.firstProvidedAt, r.lastProvidedAt])).toEqual([
      ["HASH-A", ["address", "email", "full_name"], "同意-2", bulk.event.at, again.event.at],
      ["HASH-B", ["full_name"], "同意-1", bulk.event.at, bulk.event.at],
    ]);
    expect(rows[0]!.keepUntil).toEqual(new Date("2029-11-24T00:00:00.000Z"));
    expect(rows[0]!.recipientName).toBe("ハッシュ検証株式会社");
  });
});
