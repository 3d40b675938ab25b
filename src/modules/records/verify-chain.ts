/**
 * Recomputes the provision-record hash chains and reports every break: an edited event or
 * person row (its hash no longer matches), a deleted or inserted event (the next event's
 * prevHash no longer links), or a head that does not point at its chain's last event. Each
 * chain is walked with its head in one snapshot (REPEATABLE READ on PostgreSQL, one read
 * transaction on SQLite), so records written meanwhile by a live gateway raise no false
 * alarm; chains are independent, so on PostgreSQL several are walked at once.
 */
import type { Db } from "../../db/client.js";
import { dialectOf } from "../../db/sql-dialect.js";
import { eventHash } from "./record-hash.js";

export interface ChainProblem {
  chain: number;
  /** The event's number in its chain. */
  seq: bigint;
  problem: "EDITED" | "BROKEN_LINK" | "HEAD_MISMATCH";
  detail: string;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const BATCH = 1000;
/** Chains walked at once on PostgreSQL (each holds one pooled connection). */
const PARALLEL = 4;

export interface VerifyOptions {
  /**
   * Per chain, start after this event instead of the beginning (incremental verification):
   * its hash must come from a signed checkpoint, which vouches for everything before it.
   */
  from?: ReadonlyMap<number, { seq: number; hash: string }>;
}

export interface ChainVerification {
  events: number;
  chains: number;
  problems: ChainProblem[];
}

/**
 * The chains present: every head and every purged chain, plus `also`; with `scanEvents`
 * also every chain that has events (a scan of the table: done by the full walk only, so
 * an incremental verify stays independent of the history's size).
 */
export async function chainsIn(
  db: Pick<Db, "provisionChainHead" | "provisionEvent" | "recordPurge">,
  { scanEvents = true, also = [] as readonly number[] } = {},
) {
  const heads = await db.provisionChainHead.findMany({ select: { id: true } });
  const purged = await db.recordPurge.groupBy({ by: ["chain"] });
  const withEvents = scanEvents ? await db.provisionEvent.groupBy({ by: ["chain"] }) : [];
  const all = new Set([
    ...heads.map((h) => h.id),
    ...purged.map((p) => p.chain),
    ...withEvents.map((e) => e.chain),
    ...also,
  ]);
  return [...all].sort((a, b) => a - b);
}

export async function verifyChain(db: Db, options: VerifyOptions = {}): Promise<ChainVerification> {
  const postgres = dialectOf(db).provider === "postgresql";
  // Db is typed by the SQLite client, whose only level is Serializable; PostgreSQL's client
  // takes RepeatableRead (one snapshot for the whole walk of a chain).
  const snapshot = (postgres ? { isolationLevel: "RepeatableRead" } : {}) as {
    isolationLevel?: "Serializable";
  };
  // Incremental: the chains the checkpoint signed and those with a head or purge since.
  const chains = await chainsIn(
    db,
    options.from ? { scanEvents: false, also: [...options.from.keys()] } : {},
  );
  const one = (chain: number) =>
    db.$transaction((tx) => walk(tx, chain, options.from?.get(chain)), {
      ...snapshot,
      // A full walk of years of records takes minutes; it only reads.
      timeout: 6 * 60 * 60 * 1000,
      maxWait: 60_000,
    });
  const results: { events: number; problems: ChainProblem[] }[] = [];
  const queue = [...chains];
  const workers = Array.from({ length: postgres ? PARALLEL : 1 }, async () => {
    for (let chain = queue.shift(); chain !== undefined; chain = queue.shift())
      results.push(await one(chain));
  });
  await Promise.all(workers);
  const problems = results.flatMap((r) => r.problems);
  problems.sort((a, b) => a.chain - b.chain || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  return { events: results.reduce((n, r) => n + r.events, 0), chains: chains.length, problems };
}

async function walk(
  tx: Tx,
  chain: number,
  from: { seq: number; hash: string } | undefined,
): Promise<{ events: number; problems: ChainProblem[] }> {
  const problems: ChainProblem[] = [];
  // After a retention purge, the chain continues from the last purged event's hash.
  const purge = await tx.recordPurge.findFirst({ where: { chain }, orderBy: { upToSeq: "desc" } });
  const purgedUpTo = purge?.upToSeq ?? 0n;
  const start =
    from && BigInt(from.seq) > purgedUpTo
      ? { seq: BigInt(from.seq), hash: from.hash }
      : { seq: purgedUpTo, hash: purge?.anchorHash ?? "genesis" };
  let prevHash = start.hash;
  let lastSeq = start.seq;
  let count = 0;
  for (;;) {
    const events = await tx.provisionEvent.findMany({
      where: { chain, chainSeq: { gt: lastSeq } },
      orderBy: { chainSeq: "asc" },
      take: BATCH,
      include: { people: true },
    });
    for (const e of events) {
      // Neither the global number nor the chain's is hashed: the chain links by hash.
      const { seq: _seq, chain: _chain, chainSeq, prevHash: storedPrev, hash, people, ...event } = e;
      if (storedPrev !== prevHash) {
        problems.push({
          chain,
          seq: chainSeq,
          problem: "BROKEN_LINK",
          detail: `chain ${chain}: event ${e.id} does not follow the previous event: one was deleted or inserted`,
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
          chain,
          seq: chainSeq,
          problem: "EDITED",
          detail: `chain ${chain}: event ${e.id} or its people were changed after writing`,
        });
      prevHash = hash;
      lastSeq = chainSeq;
      count++;
    }
    if (events.length < BATCH) break;
  }
  const head = await tx.provisionChainHead.findUnique({ where: { id: chain } });
  if (!head || head.lastHash !== prevHash || head.lastSeq !== lastSeq) {
    problems.push({
      chain,
      seq: lastSeq,
      problem: "HEAD_MISMATCH",
      detail: `chain ${chain}: the head does not point at the last event: events were deleted from the end`,
    });
  }
  return { events: count, problems };
}
