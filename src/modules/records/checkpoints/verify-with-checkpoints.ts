/**
 * `records verify` in full: the hash chain walked in one consistent snapshot, then the
 * database compared with every signed checkpoint found outside it.
 */
import type { KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import { type ChainProblem, verifyChain } from "../verify-chain.js";
import type { StoredCheckpoint } from "./checkpoint-sinks.js";
import { type CheckpointProblem, compareWithCheckpoints, type DatabaseFacts } from "./compare-checkpoints.js";

export interface FullVerification {
  events: number;
  chainProblems: ChainProblem[];
  checkpoints: number;
  latestCheckpoint: StoredCheckpoint | null;
  checkpointProblems: CheckpointProblem[];
}

export async function readDatabaseFacts(db: Db, seqs: readonly number[]): Promise<DatabaseFacts> {
  const last = await db.provisionEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const named = await db.provisionEvent.findMany({
    where: { seq: { in: [...new Set(seqs)].filter((s) => s > 0) } },
    select: { seq: true, hash: true },
  });
  const purges = await db.recordPurge.findMany({ select: { upToSeq: true, anchorHash: true } });
  return {
    lastEventSeq: Number(last?.seq ?? 0),
    eventHashes: new Map(named.map((e) => [Number(e.seq), e.hash])),
    purges: purges.map((p) => ({ upToSeq: Number(p.upToSeq), anchorHash: p.anchorHash })),
  };
}

/** The database against the checkpoints alone (no chain walk). */
export async function compareDatabase(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
) {
  const facts = await readDatabaseFacts(
    db,
    stored.map((s) => s.checkpoint.head?.seq ?? 0),
  );
  return compareWithCheckpoints(facts, stored, trusted);
}

export async function verifyWithCheckpoints(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
): Promise<FullVerification> {
  const { events, problems: chainProblems } = await verifyChain(db);
  const compared = await compareDatabase(db, stored, trusted);
  return {
    events,
    chainProblems,
    checkpoints: compared.checked,
    latestCheckpoint: compared.latest,
    checkpointProblems: compared.problems,
  };
}
