/**
 * Takes a checkpoint: reads the chain head and the latest purge in one snapshot, signs
 * them, writes the result to every sink and lists it in the database. A sink that fails
 * fails the checkpoint (the caller logs it and retries at the next tick): a checkpoint
 * that exists only in the database proves nothing.
 */
import type { KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import { type SignedCheckpoint, signCheckpoint } from "./checkpoint.js";
import { type CheckpointSink, checkpointFileName } from "./checkpoint-sinks.js";

export interface ChainState {
  head: { seq: number; hash: string };
  purge: { upToSeq: number; anchorHash: string } | null;
}

export async function readChainState(
  db: Pick<Db, "provisionChainHead" | "recordPurge">,
): Promise<ChainState> {
  const head = await db.provisionChainHead.findUnique({ where: { id: 1 } });
  const purge = await db.recordPurge.findFirst({ orderBy: { upToSeq: "desc" } });
  return {
    head: { seq: Number(head?.lastSeq ?? 0), hash: head?.lastHash ?? "genesis" },
    purge: purge ? { upToSeq: Number(purge.upToSeq), anchorHash: purge.anchorHash } : null,
  };
}

export async function takeCheckpoint(
  db: Db,
  key: KeyObject,
  sinks: readonly CheckpointSink[],
  now: Date = new Date(),
): Promise<SignedCheckpoint> {
  const state = await db.$transaction((tx) => readChainState(tx));
  const checkpoint = signCheckpoint({ at: now.toISOString(), ...state }, key);
  for (const sink of sinks) sink.write(checkpoint);
  await db.recordCheckpoint.create({
    data: {
      id: checkpointFileName(checkpoint),
      at: now,
      headSeq: BigInt(checkpoint.head.seq),
      headHash: checkpoint.head.hash,
      keyId: checkpoint.keyId,
      signed: JSON.stringify(checkpoint),
    },
  });
  return checkpoint;
}

/**
 * Checkpoints every `intervalMs` while the head moves (an idle chain needs no new one).
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
        const state = await readChainState(db);
        const id = `${state.head.seq}:${state.head.hash}:${state.purge?.upToSeq ?? 0}`;
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
