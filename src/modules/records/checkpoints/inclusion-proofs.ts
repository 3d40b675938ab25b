/**
 * Inclusion proofs for a disclosure: for each of the person's provision events, the signed
 * checkpoint whose Merkle tree covers it and the audit path from the event's hash to that
 * tree's root. With the checkpoint and Teikyo's public key, anyone can check that the record
 * was in the signed log by the checkpoint's time (README, "Checking a record's proof").
 */
import type { Db } from "../../../db/client.js";
import { chainsOf, type SignedCheckpoint } from "./checkpoint.js";
import { auditPath, eventLeaves } from "./merkle-tree.js";
import { eventHashesBetween } from "./take-checkpoint.js";

export interface InclusionProof {
  /** The checkpoint's id (its file name outside the database). */
  checkpoint: string;
  chain: number;
  /** The event's hash: the leaf is SHA-256(0x00 || these 32 bytes). */
  eventHash: string;
  leafIndex: number;
  treeSize: number;
  /** Sibling hashes from the leaf up, hex. */
  auditPath: string[];
}

interface ProvedEvent {
  chain: number;
  chainSeq: bigint;
  hash: string;
  at: Date;
}

/** How many checkpoints after an event are searched for the one that covers it. */
const SEARCH = 200;

export async function inclusionProofs(
  db: Pick<Db, "recordCheckpoint" | "provisionEvent">,
  events: readonly ProvedEvent[],
): Promise<{ proofs: Map<string, InclusionProof>; checkpoints: Record<string, SignedCheckpoint> }> {
  const proofs = new Map<string, InclusionProof>();
  const checkpoints: Record<string, SignedCheckpoint> = {};
  const treeOf = new Map<string, { hashes: string[]; leaves: Buffer[] }>();
  for (const e of events) {
    // The checkpoint covering an event is taken after it was written.
    const candidates = await db.recordCheckpoint.findMany({
      where: { at: { gte: e.at } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: SEARCH,
    });
    for (const row of candidates) {
      let signed: SignedCheckpoint;
      try {
        signed = JSON.parse(row.signed) as SignedCheckpoint;
      } catch {
        continue;
      }
      const seq = Number(e.chainSeq);
      const tree = chainsOf(signed).find((c) => c.chain === e.chain)?.tree;
      if (!tree || seq <= tree.from || seq > tree.from + tree.size) continue;
      const key = `${row.id}/${e.chain}`;
      let built = treeOf.get(key);
      if (!built) {
        const to = chainsOf(signed).find((c) => c.chain === e.chain)!.seq;
        const hashes = await eventHashesBetween(db, e.chain, tree.from, to);
        built = { hashes, leaves: eventLeaves(hashes) };
        treeOf.set(key, built);
      }
      const { hashes, leaves } = built;
      const index = hashes.indexOf(e.hash);
      // Events gone since (a purge) leave a tree that cannot be rebuilt: no proof then.
      if (leaves.length !== tree.size || index < 0) continue;
      checkpoints[row.id] = signed;
      proofs.set(e.hash, {
        checkpoint: row.id,
        chain: e.chain,
        eventHash: e.hash,
        leafIndex: index,
        treeSize: tree.size,
        auditPath: auditPath(index, leaves).map((b) => b.toString("hex")),
      });
      break;
    }
  }
  return { proofs, checkpoints };
}
