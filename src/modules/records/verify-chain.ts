/**
 * Recomputes the provision-record hash chain and reports every break: an edited event or
 * person row (its hash no longer matches), a deleted or inserted event (the next event's
 * prevHash no longer links), or a head that does not point at the last event. The walk and
 * the head are read in one snapshot (REPEATABLE READ on PostgreSQL, one read transaction
 * on SQLite), so records written meanwhile by a live gateway raise no false alarm.
 */
import type { Db } from "../../db/client.js";
import { dialectOf } from "../../db/sql-dialect.js";
import { eventHash } from "./record-hash.js";

export interface ChainProblem {
  seq: bigint;
  problem: "EDITED" | "BROKEN_LINK" | "HEAD_MISMATCH";
  detail: string;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const BATCH = 1000;

export interface VerifyOptions {
  /**
   * Start after this event instead of the beginning (incremental verification): its hash
   * must come from a signed checkpoint, which vouches for everything before it.
   */
  from?: { seq: number; hash: string };
}

export async function verifyChain(
  db: Db,
  options: VerifyOptions = {},
): Promise<{ events: number; problems: ChainProblem[] }> {
  const postgres = dialectOf(db).provider === "postgresql";
  // Db is typed by the SQLite client, whose only level is Serializable; PostgreSQL's client
  // takes RepeatableRead (one snapshot for the whole walk).
  const snapshot = (postgres ? { isolationLevel: "RepeatableRead" } : {}) as {
    isolationLevel?: "Serializable";
  };
  return db.$transaction((tx) => walk(tx, options), {
    ...snapshot,
    // A full walk of years of records takes minutes; it only reads.
    timeout: 6 * 60 * 60 * 1000,
    maxWait: 60_000,
  });
}

async function walk(tx: Tx, options: VerifyOptions): Promise<{ events: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  // After a retention purge, the chain continues from the last purged event's hash.
  const purge = await tx.recordPurge.findFirst({ orderBy: { upToSeq: "desc" } });
  const purgedUpTo = purge?.upToSeq ?? 0n;
  const start =
    options.from && BigInt(options.from.seq) > purgedUpTo
      ? { seq: BigInt(options.from.seq), hash: options.from.hash }
      : { seq: purgedUpTo, hash: purge?.anchorHash ?? "genesis" };
  let prevHash = start.hash;
  let lastSeq = start.seq;
  let count = 0;
  for (;;) {
    const events = await tx.provisionEvent.findMany({
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
  const head = await tx.provisionChainHead.findUnique({ where: { id: 1 } });
  if (!head || head.lastHash !== prevHash || head.lastSeq !== lastSeq) {
    problems.push({
      seq: lastSeq,
      problem: "HEAD_MISMATCH",
      detail: "the chain head does not point at the last event: events were deleted from the end",
    });
  }
  return { events: count, problems };
}
