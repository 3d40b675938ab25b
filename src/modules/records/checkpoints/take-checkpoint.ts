/**
 * Takes a checkpoint: reads every chain's head and latest purge in one snapshot, signs
 * them, writes the result to every sink and lists it in the database. A sink that fails
 * fails the checkpoint (the caller logs it and retries at the next tick): a checkpoint
 * that exists only in the database proves nothing.
 */
import { createHash, type KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import { canonicalJson } from "../record-hash.js";
import {
  type ChainHeadState,
  chainsOf,
  eventsSigned,
  type SignedCheckpoint,
  signCheckpoint,
} from "./checkpoint.js";
import { eventLeaves, treeRoot } from "./merkle-tree.js";
import { type CheckpointSink, checkpointFileName } from "./checkpoint-sinks.js";

export async function readChainStates(
  db: Pick<Db, "provisionChainHead" | "recordPurge">,
): Promise<ChainHeadState[]> {
  const heads = await db.provisionChainHead.findMany({ orderBy: { id: "asc" } });
  const purges = await db.recordPurge.findMany({ orderBy: { upToSeq: "asc" } });
  const latest = new Map(purges.map((p) => [p.chain, p]));
  return heads.map((h) => {
    const purge = latest.get(h.id);
    return {
      chain: h.id,
      seq: Number(h.lastSeq),
      hash: h.lastHash,
      purge: purge
        ? { upToSeq: Number(purge.upToSeq), anchorHash: purge.anchorHash, at: purge.at.toISOString() }
        : null,
    };
  });
}

type Reader = Pick<Db, "provisionEvent" | "recordCheckpoint">;

/**
 * Adds to each chain the Merkle tree of its events since the previous checkpoint listed in
 * the database (or since its start or purge): the leaves a disclosure's inclusion proof
 * points into. A listing that lies only makes the tree larger; the signed range says which
 * events it covers.
 */
async function withTrees(tx: Reader, chains: ChainHeadState[]): Promise<ChainHeadState[]> {
  const previous = await tx.recordCheckpoint.findFirst({ orderBy: [{ at: "desc" }, { id: "desc" }] });
  const before = new Map<number, number>();
  if (previous) {
    try {
      for (const c of chainsOf(JSON.parse(previous.signed) as SignedCheckpoint)) before.set(c.chain, c.seq);
    } catch {
      // An unreadable listing: trees start from each chain's beginning.
    }
  }
  const out: ChainHeadState[] = [];
  for (const c of chains) {
    let from = Math.max(before.get(c.chain) ?? 0, c.purge?.upToSeq ?? 0);
    if (from > c.seq) from = c.purge?.upToSeq ?? 0;
    const hashes = await eventHashesBetween(tx, c.chain, from, c.seq);
    out.push(
      hashes.length
        ? { ...c, tree: { from, size: hashes.length, root: treeRoot(eventLeaves(hashes)).toString("hex") } }
        : c,
    );
  }
  return out;
}

/** Hashes of a chain's events numbered in (from, to], in order. */
export async function eventHashesBetween(
  tx: Pick<Db, "provisionEvent">,
  chain: number,
  from: number,
  to: number,
) {
  const hashes: string[] = [];
  let after = BigInt(from);
  for (;;) {
    const rows = await tx.provisionEvent.findMany({
      where: { chain, chainSeq: { gt: after, lte: BigInt(to) } },
      orderBy: { chainSeq: "asc" },
      select: { chainSeq: true, hash: true },
      take: 10_000,
    });
    for (const r of rows) hashes.push(r.hash);
    if (rows.length < 10_000) return hashes;
    after = rows.at(-1)!.chainSeq;
  }
}

export async function takeCheckpoint(
  db: Db,
  key: KeyObject,
  sinks: readonly CheckpointSink[],
  now: Date = new Date(),
): Promise<SignedCheckpoint> {
  const chains = await db.$transaction(async (tx) => withTrees(tx, await readChainStates(tx)));
  const checkpoint = signCheckpoint({ at: now.toISOString(), chains }, key);
  for (const sink of sinks) sink.write(checkpoint);
  await db.recordCheckpoint.create({
    data: {
      id: checkpointFileName(checkpoint),
      at: now,
      // For listing: events ever appended, and one digest of all the heads.
      headSeq: BigInt(eventsSigned(checkpoint)),
      headHash: createHash("sha256").update(canonicalJson(chains)).digest("hex"),
      keyId: checkpoint.keyId,
      signed: JSON.stringify(checkpoint),
    },
  });
  return checkpoint;
}

/**
 * Checkpoints every `intervalMs` while a head moves (an idle chain needs no new one).
 * Returns a stop function; the timer does not keep the process alive.
 */
export function startCheckpointing(
  db: Db,
  key: KeyObject,
  sinks: readonly CheckpointSink[],
  options: { intervalMs: number; onError: (error: unknown) => void },
): () => Promise<void> {
  let last: string | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        const id = canonicalJson(await readChainStates(db));
        if (id === last) return;
        await takeCheckpoint(db, key, sinks);
        last = id;
      } catch (error) {
        options.onError(error);
      }
    })();
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
