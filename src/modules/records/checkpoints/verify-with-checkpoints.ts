/**
 * `records verify` in full: every hash chain walked in a consistent snapshot, then the
 * database compared with every signed checkpoint found outside it.
 */
import type { KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import { type ChainProblem, chainsIn, verifyChain } from "../verify-chain.js";
import { chainsOf } from "./checkpoint.js";
import type { StoredCheckpoint } from "./checkpoint-sinks.js";
import { type CheckpointProblem, compareWithCheckpoints, type DatabaseFacts } from "./compare-checkpoints.js";

export interface FullVerification {
  events: number;
  chains: number;
  chainProblems: ChainProblem[];
  checkpoints: number;
  latestCheckpoint: StoredCheckpoint | null;
  checkpointProblems: CheckpointProblem[];
}

/** Per chain: its last event number, the hashes at the numbers named, its purges. */
export async function readDatabaseFacts(
  db: Db,
  named: readonly { chain: number; seq: number }[],
): Promise<DatabaseFacts> {
  const facts = new Map<
    number,
    {
      lastEventSeq: number;
      eventHashes: Map<number, string>;
      purges: { upToSeq: number; anchorHash: string }[];
    }
  >();
  // No scan of the events: the full walk has found chains without a head already.
  for (const chain of await chainsIn(db, { scanEvents: false, also: named.map((n) => n.chain) })) {
    const last = await db.provisionEvent.findFirst({
      where: { chain },
      orderBy: { chainSeq: "desc" },
      select: { chainSeq: true },
    });
    const seqs = [...new Set(named.filter((n) => n.chain === chain && n.seq > 0).map((n) => BigInt(n.seq)))];
    const events = seqs.length
      ? await db.provisionEvent.findMany({
          where: { chain, chainSeq: { in: seqs } },
          select: { chainSeq: true, hash: true },
        })
      : [];
    const purges = await db.recordPurge.findMany({
      where: { chain },
      select: { upToSeq: true, anchorHash: true },
    });
    facts.set(chain, {
      lastEventSeq: Number(last?.chainSeq ?? 0),
      eventHashes: new Map(events.map((e) => [Number(e.chainSeq), e.hash])),
      purges: purges.map((p) => ({ upToSeq: Number(p.upToSeq), anchorHash: p.anchorHash })),
    });
  }
  return facts;
}

/** The database against the checkpoints alone (no chain walk). */
export async function compareDatabase(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
) {
  const named = stored.flatMap((s) => chainsOf(s.checkpoint).map((c) => ({ chain: c.chain, seq: c.seq })));
  return compareWithCheckpoints(await readDatabaseFacts(db, named), stored, trusted);
}

export async function verifyWithCheckpoints(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
): Promise<FullVerification> {
  const { events, chains, problems: chainProblems } = await verifyChain(db);
  const compared = await compareDatabase(db, stored, trusted);
  return {
    events,
    chains,
    chainProblems,
    checkpoints: compared.checked,
    latestCheckpoint: compared.latest,
    checkpointProblems: compared.problems,
  };
}
