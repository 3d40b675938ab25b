/**
 * `records purge`: deletes provision records past their keep-until date (R21) and logs the
 * purge. In each chain only the oldest run of expired events goes, so the chain stays
 * verifiable from the purge's anchor. On PostgreSQL the deletion is the purge function's
 * (src/db/postgres-guards.ts), the one path the append-only guard lets through; it checks
 * the retention dates and reads the anchor itself, and drops a month partition whole when
 * every event in it is purged (decision 0066).
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.js";
import { providerOf } from "../../db/database-url.js";
import { chainsIn } from "./verify-chain.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface PurgeResult {
  count: number;
  /** Per chain purged: events up to this number in the chain are gone. */
  chains?: { chain: number; upToSeq: bigint }[];
}

export async function purgeExpiredRecords(
  db: Db,
  databaseUrl: string,
  now: Date,
  actor: string,
): Promise<PurgeResult> {
  const purged =
    providerOf(databaseUrl) === "postgresql"
      ? await purgeOnPostgres(db, now, actor)
      : await purgeOnSqlite(db, now, actor);
  const count = purged.reduce((n, p) => n + p.count, 0);
  return count ? { count, chains: purged.map(({ chain, upToSeq }) => ({ chain, upToSeq })) } : { count };
}

interface Purged {
  chain: number;
  upToSeq: bigint;
  count: number;
  anchorHash: string;
  id: string;
}

/** The last event of the chain's oldest run of expired events, or null. */
async function lastExpired(tx: Tx, chain: number, now: Date) {
  const firstKept = await tx.provisionEvent.findFirst({
    where: { chain, keepUntil: { gt: now } },
    orderBy: { chainSeq: "asc" },
    select: { chainSeq: true },
  });
  return tx.provisionEvent.findFirst({
    where: { chain, keepUntil: { lte: now }, ...(firstKept ? { chainSeq: { lt: firstKept.chainSeq } } : {}) },
    orderBy: { chainSeq: "desc" },
    select: { chainSeq: true, hash: true },
  });
}

/**
 * Every chain in one call of the purge function, so a month partition whose events are all
 * in the purged prefixes is dropped whole rather than deleted row by row (decision 0066).
 */
async function purgeOnPostgres(db: Db, now: Date, actor: string): Promise<Purged[]> {
  return db.$transaction(
    async (tx) => {
      const cuts: Purged[] = [];
      for (const chain of await chainsIn(tx)) {
        const last = await lastExpired(tx, chain, now);
        if (last)
          cuts.push({ chain, upToSeq: last.chainSeq, anchorHash: last.hash, id: randomUUID(), count: 0 });
      }
      if (cuts.length === 0) return [];
      const rows = await tx.$queryRawUnsafe<{ purged_chain: number; purged: bigint }[]>(
        `SELECT purged_chain, purged FROM teikyo_purge_chains($1::integer[], $2::bigint[], $3::timestamp(3), $4, $5::text[])`,
        cuts.map((c) => c.chain),
        cuts.map((c) => String(c.upToSeq)),
        now.toISOString().replace("T", " ").replace("Z", ""),
        actor,
        cuts.map((c) => c.id),
      );
      const counts = new Map(rows.map((r) => [Number(r.purged_chain), Number(r.purged)]));
      for (const cut of cuts) {
        cut.count = counts.get(cut.chain) ?? 0;
        await audit(tx, cut, now, actor);
      }
      return cuts;
    },
    { timeout: 10 * 60_000 },
  );
}

async function purgeOnSqlite(db: Db, now: Date, actor: string): Promise<Purged[]> {
  const purged: Purged[] = [];
  for (const chain of await chainsIn(db)) {
    const done = await db.$transaction(async (tx) => {
      const last = await lastExpired(tx, chain, now);
      if (!last) return null;
      const id = randomUUID();
      const doomed = { chain, chainSeq: { lte: last.chainSeq } };
      await tx.provisionRecordPerson.deleteMany({ where: { event: doomed } });
      const count = (await tx.provisionEvent.deleteMany({ where: doomed })).count;
      await tx.recordPurge.create({
        data: { id, at: now, actor, chain, upToSeq: last.chainSeq, anchorHash: last.hash, count },
      });
      const cut = { chain, upToSeq: last.chainSeq, anchorHash: last.hash, id, count };
      await audit(tx, cut, now, actor);
      return cut;
    });
    if (done) purged.push(done);
  }
  return purged;
}

/** Deleting records is itself audited, like every other change staff make. */
async function audit(tx: Tx, cut: Purged, now: Date, actor: string): Promise<void> {
  await tx.auditEvent.create({
    data: {
      at: now,
      actor,
      action: "records.purge",
      entity: "RecordPurge",
      entityId: cut.id,
      after: { chain: cut.chain, upToSeq: String(cut.upToSeq), count: cut.count, anchorHash: cut.anchorHash },
    },
  });
}
