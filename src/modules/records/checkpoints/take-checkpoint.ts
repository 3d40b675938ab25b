/**
 * Takes a checkpoint: reads every chain's head and latest purge in one snapshot, signs
 * them, writes the result to every sink and lists it in the database. A sink that fails
 * fails the checkpoint (the caller logs it and retries at the next tick): a checkpoint
 * that exists only in the database proves nothing.
 */
import { createHash, type KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import { canonicalJson } from "../record-hash.js";
import { type ChainHeadState, eventsSigned, type SignedCheckpoint, signCheckpoint } from "./checkpoint.js";
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

export async function takeCheckpoint(
  db: Db,
  key: KeyObject,
  sinks: readonly CheckpointSink[],
  now: Date = new Date(),
): Promise<SignedCheckpoint> {
  const chains = await db.$transaction((tx) => readChainStates(tx));
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
