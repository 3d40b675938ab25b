/**
 * `records purge`: deletes provision records past their keep-until date (R21) and logs the
 * purge. In each chain only the oldest run of expired events goes, so the chain stays
 * verifiable from the purge's anchor. On PostgreSQL the deletion is the purge function's
 * (src/db/postgres-guards.ts), the one path the append-only guard lets through; it checks
 * the retention dates and reads the anchor itself.
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
  const postgres = providerOf(databaseUrl) === "postgresql";
  const purged: { chain: number; upToSeq: bigint; count: number }[] = [];
  for (const chain of await chainsIn(db)) {
    const done = await db.$transaction((tx) => purgeChain(tx, postgres, chain, now, actor));
    if (done) purged.push(done);
  }
  const count = purged.reduce((n, p) => n + p.count, 0);
  return count ? { count, chains: purged.map(({ chain, upToSeq }) => ({ chain, upToSeq })) } : { count };
}

async function purgeChain(tx: Tx, postgres: boolean, chain: number, now: Date, actor: string) {
  const firstKept = await tx.provisionEvent.findFirst({
    where: { chain, keepUntil: { gt: now } },
    orderBy: { chainSeq: "asc" },
    select: { chainSeq: true },
  });
  const last = await tx.provisionEvent.findFirst({
    where: { chain, keepUntil: { lte: now }, ...(firstKept ? { chainSeq: { lt: firstKept.chainSeq } } : {}) },
    orderBy: { chainSeq: "desc" },
    select: { chainSeq: true, hash: true },
  });
  if (!last) return null;
  const id = randomUUID();
  let count: number;
  if (postgres) {
    const [row] = await tx.$queryRawUnsafe<{ deleted: bigint }[]>(
      `SELECT teikyo_purge_chain($1::integer, $2::bigint, $3::timestamp(3), $4, $5) AS deleted`,
      chain,
      String(last.chainSeq),
      now.toISOString().replace("T", " ").replace("Z", ""),
      actor,
      id,
    );
    count = Number(row?.deleted ?? 0);
  } else {
    const doomed = { chain, chainSeq: { lte: last.chainSeq } };
    await tx.provisionRecordPerson.deleteMany({ where: { event: doomed } });
    count = (await tx.provisionEvent.deleteMany({ where: doomed })).count;
    await tx.recordPurge.create({
      data: { id, at: now, actor, chain, upToSeq: last.chainSeq, anchorHash: last.hash, count },
    });
  }
  // Deleting records is itself audited, like every other change staff make.
  await tx.auditEvent.create({
    data: {
      at: now,
      actor,
      action: "records.purge",
      entity: "RecordPurge",
      entityId: id,
      after: { chain, upToSeq: String(last.chainSeq), count, anchorHash: last.hash },
    },
  });
  return { chain, upToSeq: last.chainSeq, count };
}
