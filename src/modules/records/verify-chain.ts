/**
 * Recomputes the provision-record hash chain and reports every break: an edited event or
 * person row (its hash no longer matches), a deleted or inserted event (the next event's
 * prevHash no longer links), or a head that does not point at the last event.
 */
import type { Db } from "../../db/client.js";
import { eventHash } from "./record-hash.js";

export interface ChainProblem {
  seq: number;
  problem: "EDITED" | "BROKEN_LINK" | "HEAD_MISMATCH";
  detail: string;
}

const BATCH = 1000;

export async function verifyChain(db: Db): Promise<{ events: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  // After a retention purge, the chain continues from the last purged event's hash.
  const purge = await db.recordPurge.findFirst({ orderBy: { upToSeq: "desc" } });
  let prevHash = purge?.anchorHash ?? "genesis";
  let lastSeq = purge?.upToSeq ?? 0;
  let count = 0;
  for (;;) {
    const events = await db.provisionEvent.findMany({
      where: { seq: { gt: lastSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
      include: { people: true },
    });
    for (const e of events) {
      const { seq, prevHash: storedPrev, hash, people, persistedOperationId, ...rest } = e;
      // Written only when an operation was registered, so records from before still verify.
      const event = persistedOperationId === null ? rest : { ...rest, persistedOperationId };
      if (storedPrev !== prevHash) {
        problems.push({
          seq,
          problem: "BROKEN_LINK",
          detail: `event ${e.id} does not follow the previous event: one was deleted or inserted`,
        });
      }
      const expected = eventHash(storedPrev, {
        event: { ...event, at: event.at, keepUntil: event.keepUntil },
        people: people.map((p) => ({
          personId: p.personId,
          items: p.items as string[],
          consentId: p.consentId,
        })),
      });
      if (expected !== hash)
        problems.push({
          seq,
          problem: "EDITED",
          detail: `event ${e.id} or its people were changed after writing`,
        });
      prevHash = hash;
      lastSeq = seq;
      count++;
    }
    if (events.length < BATCH) break;
  }
  const head = await db.provisionChainHead.findUnique({ where: { id: 1 } });
  if (!head || head.lastHash !== prevHash || head.lastSeq !== lastSeq) {
    problems.push({
      seq: lastSeq,
      problem: "HEAD_MISMATCH",
      detail: "the chain head does not point at the last event: events were deleted from the end",
    });
  }
  return { events: count, problems };
}
