/**
 * `records verify`: the hash chains walked in a consistent snapshot, recomputing the
 * signed Merkle roots on the way, then the database compared with the signed checkpoints
 * found outside it. In full: every chain from its start and every checkpoint. Incremental
 * (`verifySince`): from a signed checkpoint on, the events after it checked against each
 * later checkpoint's signed heads and roots; what lies before it is vouched for by that
 * checkpoint's signed head and by the verification that passed it (README, threat model).
 */
import type { KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import {
  type ChainProblem,
  chainsIn,
  rangeKey,
  type SignedRange,
  verifyChain,
  type VerifyOptions,
} from "../verify-chain.js";
import { chainsOf, checkSignature } from "./checkpoint.js";
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
  roots: ReadonlyMap<number, ReadonlyMap<string, string>> = new Map(),
): Promise<DatabaseFacts> {
  const facts = new Map<
    number,
    {
      lastEventSeq: number;
      eventHashes: Map<number, string>;
      purges: { upToSeq: number; anchorHash: string }[];
      treeRoots?: ReadonlyMap<string, string>;
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
      treeRoots: roots.get(chain),
    });
  }
  return facts;
}

/**
 * The database against the checkpoints: their heads and purges, and the Merkle roots the
 * chain walk recomputed (`roots`; without them the signed roots are not checked).
 */
export async function compareDatabase(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
  roots?: ReadonlyMap<number, ReadonlyMap<string, string>>,
) {
  const named = stored.flatMap((s) => chainsOf(s.checkpoint).map((c) => ({ chain: c.chain, seq: c.seq })));
  return compareWithCheckpoints(await readDatabaseFacts(db, named, roots), stored, trusted);
}

/** The Merkle trees that validly signed checkpoints sign, per chain (each range once). */
export function signedTrees(
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
): Map<number, SignedRange[]> {
  const trees = new Map<number, Map<string, SignedRange>>();
  for (const { checkpoint } of stored) {
    if (checkSignature(checkpoint, trusted) !== "VALID") continue;
    for (const { chain, tree } of chainsOf(checkpoint)) {
      if (!tree) continue;
      const range = { from: tree.from, size: tree.size };
      if (!trees.has(chain)) trees.set(chain, new Map());
      trees.get(chain)!.set(rangeKey(range), range);
    }
  }
  return new Map([...trees].map(([chain, ranges]) => [chain, [...ranges.values()]]));
}

export async function verifyWithCheckpoints(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
): Promise<FullVerification> {
  return verifyAgainst(db, stored, trusted, {});
}

/**
 * Incremental: every chain walked from `start`'s signed head (an untouched chain costs one
 * indexed lookup), the roots of the trees signed by `start` and the checkpoints after it
 * recomputed, and the database compared with those checkpoints. `stored` holds `start`,
 * the checkpoints after it and any untrusted ones read on the way (reported).
 */
export async function verifySince(
  db: Db,
  start: StoredCheckpoint,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
): Promise<FullVerification> {
  const window = stored.filter((s) => s.checkpoint.at >= start.checkpoint.at);
  return verifyAgainst(db, window, trusted, {
    from: new Map(chainsOf(start.checkpoint).map((c) => [c.chain, { seq: c.seq, hash: c.hash }])),
    chains: window.flatMap((s) => chainsOf(s.checkpoint).map((c) => c.chain)),
  });
}

/** The chains walked (as `walk` says) recomputing the signed roots, then compared with `stored`. */
async function verifyAgainst(
  db: Db,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
  walk: Pick<VerifyOptions, "from" | "chains">,
): Promise<FullVerification> {
  const {
    events,
    chains,
    problems: chainProblems,
    roots,
  } = await verifyChain(db, { ...walk, trees: signedTrees(stored, trusted) });
  const compared = await compareDatabase(db, stored, trusted, roots);
  return {
    events,
    chains,
    chainProblems,
    checkpoints: compared.checked,
    latestCheckpoint: compared.latest,
    checkpointProblems: compared.problems,
  };
}
