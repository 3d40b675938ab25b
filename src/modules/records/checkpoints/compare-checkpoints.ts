/**
 * What the database says against what the signed checkpoints say (pure: the facts are read
 * by the caller). Each problem names the checkpoint it contradicts, so an auditor can show
 * which signed statement the database no longer matches.
 */
import type { KeyObject } from "node:crypto";
import { chainsOf, checkSignature, eventsSigned } from "./checkpoint.js";
import type { StoredCheckpoint } from "./checkpoint-sinks.js";

/** What the database holds of one chain (numbers are within the chain). */
export interface ChainFacts {
  /** The highest event number present in the chain (0 when there is none). */
  lastEventSeq: number;
  /** Hash of the event at each number a checkpoint names, when present. */
  eventHashes: ReadonlyMap<number, string>;
  /** Every retention purge anchor of the chain. */
  purges: readonly { upToSeq: number; anchorHash: string }[];
  /**
   * Merkle roots recomputed from the events by the chain walk, by range ("from+size"): a
   * signed tree absent here was not recomputed (purged, or before an incremental start).
   */
  treeRoots?: ReadonlyMap<string, string>;
}

/** Per chain number; a chain the database no longer has at all is simply absent. */
export type DatabaseFacts = ReadonlyMap<number, ChainFacts>;

const NO_CHAIN: ChainFacts = { lastEventSeq: 0, eventHashes: new Map(), purges: [] };

export type CheckpointProblemKind =
  | "CHECKPOINT_UNTRUSTED"
  | "RECORDS_MISSING"
  | "EVENT_REWRITTEN"
  | "EVENT_MISSING"
  | "TREE_MISMATCH"
  | "PURGE_ANCHOR_CHANGED"
  | "PURGE_NOT_SIGNED"
  | "PURGE_DATED_AHEAD";

export interface CheckpointProblem {
  problem: CheckpointProblemKind;
  /** The checkpoint contradicted (its file name or source), or null for a purge no checkpoint signed. */
  checkpoint: string | null;
  chain: number;
  seq: number;
  detail: string;
}

export function compareWithCheckpoints(
  facts: DatabaseFacts,
  stored: readonly StoredCheckpoint[],
  trusted: ReadonlyMap<string, KeyObject>,
): { checked: number; latest: StoredCheckpoint | null; problems: CheckpointProblem[] } {
  const problems: CheckpointProblem[] = [];
  const valid: StoredCheckpoint[] = [];
  for (const s of stored) {
    const check = checkSignature(s.checkpoint, trusted);
    if (check === "VALID") valid.push(s);
    else
      problems.push({
        problem: "CHECKPOINT_UNTRUSTED",
        checkpoint: s.source,
        chain: 0,
        seq: eventsSigned(s.checkpoint),
        detail:
          check === "UNKNOWN_KEY"
            ? `checkpoint ${s.source} is signed with key ${s.checkpoint.keyId}, which is not trusted`
            : `checkpoint ${s.source} has a signature that does not match its content: it was altered`,
      });
  }
  const chains = new Set([
    ...facts.keys(),
    ...valid.flatMap((v) => chainsOf(v.checkpoint).map((c) => c.chain)),
  ]);
  for (const chain of [...chains].sort((a, b) => a - b))
    problems.push(...compareChain(chain, facts.get(chain) ?? NO_CHAIN, valid));
  return { checked: valid.length, latest: valid.at(-1) ?? null, problems };
}

function compareChain(
  chain: number,
  facts: ChainFacts,
  valid: readonly StoredCheckpoint[],
): CheckpointProblem[] {
  const problems: CheckpointProblem[] = [];
  const lastPurge = facts.purges.reduce((max, p) => Math.max(max, p.upToSeq), 0);
  // Purged events are legitimately gone; a purge nobody signed is reported below.
  const end = Math.max(facts.lastEventSeq, lastPurge);
  for (const { source, checkpoint } of valid) {
    const signed = chainsOf(checkpoint).find((c) => c.chain === chain);
    if (!signed) continue;
    const { seq, hash } = signed;
    const where = `checkpoint ${source} (${checkpoint.at}), chain ${chain},`;
    if (seq > 0 && end < seq) {
      problems.push({
        problem: "RECORDS_MISSING",
        checkpoint: source,
        chain,
        seq,
        detail: `${where} signed the chain up to event ${seq}, but the database ends at ${end}: records were deleted or an older backup restored`,
      });
    } else if (seq > 0) {
      const present = facts.eventHashes.get(seq);
      if (present !== undefined && present !== hash)
        problems.push({
          problem: "EVENT_REWRITTEN",
          checkpoint: source,
          chain,
          seq,
          detail: `${where} signed event ${seq} with another hash: the chain was rewritten`,
        });
      if (present === undefined && seq > lastPurge)
        problems.push({
          problem: "EVENT_MISSING",
          checkpoint: source,
          chain,
          seq,
          detail: `${where} signed event ${seq}, which is gone without a retention purge`,
        });
      const anchor = facts.purges.find((p) => p.upToSeq === seq);
      if (present === undefined && anchor && anchor.anchorHash !== hash)
        problems.push({
          problem: "PURGE_ANCHOR_CHANGED",
          checkpoint: source,
          chain,
          seq,
          detail: `${where} signed event ${seq} with another hash than the purge anchor that replaced it`,
        });
    }
    const tree = signed.tree;
    const recomputed = tree && facts.treeRoots?.get(`${tree.from}+${tree.size}`);
    if (tree && recomputed !== undefined && recomputed !== tree.root)
      problems.push({
        problem: "TREE_MISMATCH",
        checkpoint: source,
        chain,
        seq: tree.from + tree.size,
        detail: `${where} signed a Merkle root over events ${tree.from + 1} to ${tree.from + tree.size} that the database's events no longer give: one of them was rewritten, inserted or deleted`,
      });
    const signedPurge = signed.purge;
    if (signedPurge?.at && signedPurge.at > checkpoint.at)
      problems.push({
        problem: "PURGE_DATED_AHEAD",
        checkpoint: source,
        chain,
        seq: signedPurge.upToSeq,
        detail: `${where} signed a purge dated ${signedPurge.at}, after the checkpoint itself: records were deleted before their retention date`,
      });
    if (
      signedPurge &&
      !facts.purges.some((p) => p.upToSeq === signedPurge.upToSeq && p.anchorHash === signedPurge.anchorHash)
    )
      problems.push({
        problem: "PURGE_ANCHOR_CHANGED",
        checkpoint: source,
        chain,
        seq: signedPurge.upToSeq,
        detail: `${where} signed a purge up to event ${signedPurge.upToSeq} that the database no longer has as signed`,
      });
  }
  // Only a purge beyond every signed one can move the chain's starting point: an older,
  // unsigned row (from before checkpoints were kept) is never used as the anchor.
  const signedUpTo = valid.reduce(
    (max, { checkpoint: c }) =>
      Math.max(max, chainsOf(c).find((s) => s.chain === chain)?.purge?.upToSeq ?? 0),
    0,
  );
  for (const purge of facts.purges) {
    if (purge.upToSeq > signedUpTo)
      problems.push({
        problem: "PURGE_NOT_SIGNED",
        checkpoint: null,
        chain,
        seq: purge.upToSeq,
        detail: `the purge anchor up to event ${purge.upToSeq} of chain ${chain} appears in no signed checkpoint: it may be fake`,
      });
  }
  return problems;
}
