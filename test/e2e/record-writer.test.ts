/**
 * Group commit of provision records: requests that finish together share one transaction,
 * each still waits for its own records, and one bad request does not fail the others; a
 * database that never answers costs a request a DB_TIMEOUT error, not a hang.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { chainOf } from "../../src/modules/records/record-chains.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { writeProvisions } from "../../src/modules/records/write-provisions.js";
import { databaseUrl, testDb } from "../helpers.js";
import { sampleDraft } from "../provision-drafts.js";
import { aroundRecordWrites } from "../record-faults.js";

// Made-up recipient and people, so no other test sees these records.
const draft = (id?: string) =>
  sampleDraft("group-commit-test", {
    event: id ? { id } : {},
    people: [
      { personId: "GROUP-COMMIT-1", items: ["full_name", "address"], consentId: null },
      { personId: "GROUP-COMMIT-2", items: ["full_name"], consentId: null },
    ],
  });

/** The database, counting the record-writing calls made to it (one per group). */
function countingCalls(db: Db) {
  let calls = 0;
  const counted = aroundRecordWrites(db, (call) => {
    calls++;
    return call();
  });
  return { db: counted, calls: () => calls };
}

describe("writeProvisions (group commit)", () => {
  it("commits concurrent requests' records together, every one of them, on an intact chain", async () => {
    const db = await testDb();
    const counting = countingCalls(db);
    const drafts = Array.from({ length: 20 }, () => draft());
    await Promise.all(drafts.map((d) => writeProvisions(counting.db, [d])));
    const stored = await db.provisionEvent.findMany({
      where: { id: { in: drafts.map((d) => d.event.id) } },
      include: { people: true },
    });
    expect(stored).toHaveLength(20);
    expect(stored.every((e) => e.people.length === 2)).toBe(true);
    expect(counting.calls()).toBeLessThan(20);
    expect((await verifyChain(db)).problems).toEqual([]);
    if (databaseUrl().startsWith("postgres")) {
      // Global numbers come from the table's own sequence, so no other insert can collide.
      const [row] = await db.$queryRawUnsafe<{ last: bigint }[]>(
        `SELECT last_value AS last FROM "ProvisionEvent_seq_seq"`,
      );
      const last = await db.provisionEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
      expect(BigInt(row?.last ?? 0)).toBe(last.seq);
    }
  });

  it("commits writes made in the same turn in one call, the first one not alone", async () => {
    const db = await testDb();
    const counting = countingCalls(db);
    const drafts = Array.from({ length: 8 }, () => draft());
    await Promise.all(drafts.map((d) => writeProvisions(counting.db, [d])));
    // One transaction (one fsync on SQLite) for the eight, not one for the first and one for the rest.
    expect(counting.calls()).toBe(1);
    expect(await db.provisionEvent.count({ where: { id: { in: drafts.map((d) => d.event.id) } } })).toBe(8);
  });

  it("appends each recipient's events to its own chain when sharded, and every chain verifies", async () => {
    const db = await testDb();
    process.env.TEIKYO_RECORD_CHAINS = "4";
    try {
      const recipients = ["shard-a", "shard-b", "shard-c", "shard-d", "shard-e", "shard-f"];
      const drafts = recipients.flatMap((r) =>
        Array.from({ length: 3 }, () => {
          const d = draft();
          return { ...d, event: { ...d.event, recipientId: r, recipientSnapshot: { id: r, name: r } } };
        }),
      );
      await Promise.all(drafts.map((d) => writeProvisions(db, [d])));
      const stored = await db.provisionEvent.findMany({
        where: { id: { in: drafts.map((d) => d.event.id) } },
        include: { people: true },
      });
      expect(stored).toHaveLength(drafts.length);
      for (const e of stored) expect(e.chain).toBe(chainOf(e.recipientId, 4));
      const chains = [...new Set(stored.map((e) => e.chain))];
      expect(chains.length).toBeGreaterThan(1);
      for (const chain of chains) {
        const head = await db.provisionChainHead.findUniqueOrThrow({ where: { id: chain } });
        const last = await db.provisionEvent.findFirstOrThrow({
          where: { chain },
          orderBy: { chainSeq: "desc" },
        });
        expect([head.lastSeq, head.lastHash]).toEqual([last.chainSeq, last.hash]);
      }
      // Global numbers are unique across chains and each person row follows its event.
      expect(new Set(stored.map((e) => e.seq)).size).toBe(stored.length);
      expect(stored.every((e) => e.people.every((p) => p.eventSeq === e.seq))).toBe(true);
      const verified = await verifyChain(db);
      expect(verified.problems).toEqual([]);
      expect(verified.chains).toBeGreaterThanOrEqual(chains.length);
    } finally {
      delete process.env.TEIKYO_RECORD_CHAINS;
    }
  });

  it("fails only the request whose records cannot be written", async () => {
    const db = await testDb();
    const taken = draft();
    await writeProvisions(db, [taken]);
    const good = Array.from({ length: 5 }, () => draft());
    // An event id that already exists violates its unique index: that request must fail alone.
    const results = await Promise.allSettled([
      ...good.map((d) => writeProvisions(db, [d])),
      writeProvisions(db, [draft(taken.event.id)]),
    ]);
    expect(results.map((r) => r.status)).toEqual([...good.map(() => "fulfilled"), "rejected"]);
    expect(await db.provisionEvent.count({ where: { id: { in: good.map((d) => d.event.id) } } })).toBe(5);
    expect((await verifyChain(db)).problems).toEqual([]);
  });

  it("gives up on a record write the database never answers, within twice TEIKYO_DB_TIMEOUT_MS", async () => {
    // A call that never returns: as when a lock is never released or the network hangs.
    const stuck = aroundRecordWrites(await testDb(), () => new Promise<never>(() => {}));
    const saved = process.env.TEIKYO_DB_TIMEOUT_MS;
    process.env.TEIKYO_DB_TIMEOUT_MS = "100";
    try {
      await expect(writeProvisions(stuck, [draft()])).rejects.toMatchObject({ code: "DB_TIMEOUT" });
    } finally {
      if (saved === undefined) delete process.env.TEIKYO_DB_TIMEOUT_MS;
      else process.env.TEIKYO_DB_TIMEOUT_MS = saved;
    }
  });
});
