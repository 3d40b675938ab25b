/**
 * `records purge`: deletes provision records past their keep-until date (R21) and logs the
 * purge. Only the oldest run of expired events goes, so the chain stays verifiable from
 * the purge's anchor; on PostgreSQL this is the one path the append-only trigger allows.
 */
import type { Db } from "../../db/client.js";
import { providerOf } from "../../db/database-url.js";

export async function purgeExpiredRecords(db: Db, databaseUrl: string, now: Date, actor: string) {
  return db.$transaction(async (tx) => {
    if (providerOf(databaseUrl) === "postgresql") await tx.$executeRawUnsafe("SET LOCAL teikyo.purge = 'on'");
    const firstKept = await tx.provisionEvent.findFirst({
      where: { keepUntil: { gt: now } },
      orderBy: { seq: "asc" },
      select: { seq: true },
    });
    const expired = await tx.provisionEvent.findMany({
      where: { keepUntil: { lte: now }, ...(firstKept ? { seq: { lt: firstKept.seq } } : {}) },
      orderBy: { seq: "asc" },
      select: { seq: true, hash: true },
    });
    const last = expired.at(-1);
    if (!last) return { count: 0 };
    await tx.provisionRecordPerson.deleteMany({ where: { eventSeq: { lte: last.seq } } });
    await tx.provisionEvent.deleteMany({ where: { seq: { lte: last.seq } } });
    const purge = await tx.recordPurge.create({
      data: { at: now, actor, upToSeq: last.seq, anchorHash: last.hash, count: expired.length },
    });
    // Deleting records is itself audited, like every other change staff make.
    await tx.auditEvent.create({
      data: {
        at: now,
        actor,
        action: "records.purge",
        entity: "RecordPurge",
        entityId: purge.id,
        after: { upToSeq: String(last.seq), count: expired.length, anchorHash: last.hash },
      },
    });
    return { count: expired.length, upToSeq: last.seq };
  });
}
