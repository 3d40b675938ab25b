/**
 * Provision records are numbered in 64 bits: with the chain head just below 2^31 (25 days
 * at 1,000 provisions a second), partner queries keep being answered and recorded, the
 * chain verifies, and compliance pages past the old limit.
 */
import { describe, expect, it } from "vitest";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { client, databaseUrl, demoKey, testDb } from "../helpers.js";

const NEAR = 2n ** 31n - 2n;

describe("64-bit record numbers", () => {
  it("a head near 2^31 still works: queries answered, events numbered past it, chain intact", async () => {
    const db = await testDb();
    const head = await db.provisionChainHead.findUniqueOrThrow({ where: { id: 0 } });
    // The next events are numbered in their chain from the head (the chain links by hash,
    // not by number), and globally from the table's sequence.
    if (head.lastSeq < NEAR)
      await db.provisionChainHead.update({ where: { id: 0 }, data: { lastSeq: NEAR } });
    if (databaseUrl().startsWith("postgres"))
      await db.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('"ProvisionEvent"', 'seq'), ${NEAR})`);
    else await db.$executeRawUnsafe(`UPDATE sqlite_sequence SET seq = ${NEAR} WHERE name = 'ProvisionEvent'`);
    const gql = await client();
    const query = `{ people(purpose: "delivery", first: 2) { edges { node { fullName } } } }`;
    for (let i = 0; i < 3; i++) {
      const res = await gql(demoKey("hayate-logistics"), query);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    }
    const last = await db.provisionEvent.findFirstOrThrow({
      orderBy: { seq: "desc" },
      include: { people: true },
    });
    expect(last.seq).toBeGreaterThan(2n ** 31n);
    expect(last.chainSeq).toBeGreaterThan(2n ** 31n);
    expect(last.people.every((p) => p.eventSeq === last.seq)).toBe(true);
    expect((await db.provisionChainHead.findUniqueOrThrow({ where: { id: 0 } })).lastSeq).toBe(last.chainSeq);
    expect((await verifyChain(db)).problems).toEqual([]);
    if (databaseUrl().startsWith("postgres")) {
      const [row] = await db.$queryRawUnsafe<{ last: bigint }[]>(
        `SELECT last_value AS last FROM "ProvisionEvent_seq_seq"`,
      );
      expect(BigInt(row?.last ?? 0)).toBe(last.seq);
    }

    // Compliance pages through them with cursors past 2^31.
    const page = await gql(
      demoKey("compliance"),
      `query($after: String) { provisionRecords(first: 1, after: $after, filter: { recipientId: "hayate-logistics" }) { nodes { at } endCursor hasNextPage } }`,
      { after: String(NEAR) },
    );
    expect(page.status).toBe(200);
    expect(BigInt(page.body.data?.provisionRecords.endCursor)).toBeGreaterThan(NEAR);
  });
});
