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
import { leafHash, MerkleStream } from "./checkpoints/merkle-tree.js";
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
  /** Chains to walk besides those with a head or purge (e.g. every chain a checkpoint signs). */
  chains?: readonly number[];
  /**
   * Per chain, signed Merkle trees (checkpoint.ts) whose roots to recompute from the events
   * walked: each over the events numbered (from, from + size]. A tree starting before the
   * walk does (purged, or before an incremental start) is left out.
   */
  trees?: ReadonlyMap<number, readonly SignedRange[]>;
}

export interface SignedRange {
  from: number;
  size: number;
}

/** How a recomputed root is looked up: by chain, then by its range. */
export const rangeKey = (r: SignedRange) => `${r.from}+${r.size}`;

export interface ChainVerification {
  events: number;
  chains: number;
  problems: ChainProblem[];
  /** Recomputed Merkle roots (hex) of the trees asked for, per chain, by rangeKey. */
  roots: Map<number, Map<string, string>>;
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
  const also = [...(options.from?.keys() ?? []), ...(options.chains ?? [])];
  const chains = await chainsIn(db, options.from ? { scanEvents: false, also } : { also });
  const one = (chain: number) =>
    db.$transaction((tx) => walk(tx, chain, options.from?.get(chain), options.trees?.get(chain) ?? []), {
      ...snapshot,
      // A full walk of years of records takes minutes; it only reads.
      timeout: 6 * 60 * 60 * 1000,
      maxWait: 60_000,
    });
  const results: (Walked & { chain: number })[] = [];
  const queue = [...chains];
  const workers = Array.from({ length: postgres ? PARALLEL : 1 }, async () => {
    for (let chain = queue.shift(); chain !== undefined; chain = queue.shift())
      results.push({ chain, ...(await one(chain)) });
  });
  await Promise.all(workers);
  const problems = results.flatMap((r) => r.problems);
  problems.sort((a, b) => a.chain - b.chain || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  return {
    events: results.reduce((n, r) => n + r.events, 0),
    chains: chains.length,
    problems,
    roots: new Map(results.map((r) => [r.chain, r.roots])),
  };
}

interface Walked {
  events: number;
  problems: ChainProblem[];
  roots: Map<string, string>;
}

/**
 * The signed trees of one chain, fed leaf by leaf as the walk passes their events: a tree
 * is finished (its root recorded) once the walk reaches or passes its last number, so an
 * event missing inside it changes the root too; one the walk never reaches is left out
 * (missing records are reported against the checkpoint's head instead).
 */
function treeFeeder(ranges: readonly SignedRange[], start: bigint) {
  const pending = ranges
    .filter((r) => r.size > 0 && BigInt(r.from) >= start)
    .sort((a, b) => a.from - b.from || a.size - b.size);
  const open: { range: SignedRange; end: number; stream: MerkleStream }[] = [];
  const roots = new Map<string, string>();
  let next = 0;
  return {
    roots,
    event(chainSeq: bigint, hash: string) {
      const seq = Number(chainSeq);
      while (next < pending.length && pending[next]!.from < seq) {
        const range = pending[next++]!;
        open.push({ range, end: range.from + range.size, stream: new MerkleStream() });
      }
      for (let i = open.length - 1; i >= 0; i--) {
        const t = open[i]!;
        if (seq <= t.end) t.stream.push(leafHash(Buffer.from(hash, "hex")));
        if (seq >= t.end) {
          roots.set(rangeKey(t.range), t.stream.root().toString("hex"));
          open.splice(i, 1);
        }
      }
    },
  };
}

async function walk(
  tx: Tx,
  chain: number,
  from: { seq: number; hash: string } | undefined,
  ranges: readonly SignedRange[],
): Promise<Walked> {
  const problems: ChainProblem[] = [];
  // After a retention purge, the chain continues from the last purged event's hash.
  const purge = await tx.recordPurge.findFirst({ where: { chain }, orderBy: { upToSeq: "desc" } });
  const purgedUpTo = purge?.upToSeq ?? 0n;
  const start =
    from && BigInt(from.seq) > purgedUpTo
      ? { seq: BigInt(from.seq), hash: from.hash }
      : { seq: purgedUpTo, hash: purge?.anchorHash ?? "genesis" };
  const trees = treeFeeder(ranges, start.seq);
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
      trees.event(chainSeq, hash);
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
  return { events: count, problems, roots: trees.roots };
}
