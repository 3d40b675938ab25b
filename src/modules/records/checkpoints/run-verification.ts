/**
 * One verification of the provision records as `records verify` and the console run it:
 * the whole history against every checkpoint in the configured directory, or with `since`
 * incrementally from the newest signed checkpoint at or before that point. The callers
 * only present the outcome (the CLI as lines and an exit code, GraphQL as fields).
 */
import type { KeyObject } from "node:crypto";
import type { Db } from "../../../db/client.js";
import {
  readCheckpointDirectory,
  readCheckpointDirectoryBack,
  type StoredCheckpoint,
} from "./checkpoint-sinks.js";
import { checkSignature } from "./checkpoint.js";
import { type FullVerification, verifySince, verifyWithCheckpoints } from "./verify-with-checkpoints.js";

/** Where checkpoints are read back from and which keys are trusted to have signed them. */
export interface CheckpointSource {
  /** Directories checkpoints are written to; the first is read back (the authority). */
  dirs: readonly string[];
  trusted: ReadonlyMap<string, KeyObject>;
}

export interface Verification extends FullVerification {
  /** The checkpoint an incremental run started from; null for the whole history. */
  start: StoredCheckpoint | null;
  /** Files in the checkpoint directory that are not checkpoints (reported, never trusted). */
  unreadable: string[];
  /**
   * No checkpoint to compare with although there are records: deleting the newest records
   * or restoring an older backup cannot be detected.
   */
  noCheckpoints: boolean;
}

export type VerificationOutcome =
  { ok: true; verification: Verification } | { ok: false; problem: "BAD_SINCE" | "NO_START" };

/**
 * Where an incremental verify starts: "latest" (the newest signed checkpoint), a checkpoint
 * file name, an ISO time, or a duration back from now (90m, 25h, 7d); null if unreadable.
 */
export function parseSince(since: string, now: Date): "latest" | { name: string } | { at: string } | null {
  const text = since.trim();
  if (text === "latest") return "latest";
  if (text.endsWith(".json")) return { name: text };
  const duration = /^(\d+)([mhd])$/.exec(text);
  if (duration) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as "m" | "h" | "d"];
    return { at: new Date(now.getTime() - Number(duration[1]) * unit).toISOString() };
  }
  const at = new Date(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(at.getTime()) ? { at: at.toISOString() } : null;
}

export async function runVerification(
  db: Db,
  source: CheckpointSource,
  { since, now }: { since?: string | null; now: Date },
): Promise<VerificationOutcome> {
  const dir = source.dirs[0];
  if (since) {
    const bound = parseSince(since, now);
    if (!bound) return { ok: false, problem: "BAD_SINCE" };
    const isStart = (s: StoredCheckpoint) =>
      checkSignature(s.checkpoint, source.trusted) === "VALID" &&
      (bound === "latest" || ("name" in bound ? s.source === bound.name : s.checkpoint.at <= bound.at));
    const read = dir ? readCheckpointDirectoryBack(dir, isStart) : null;
    if (!read?.start) return { ok: false, problem: "NO_START" };
    const result = await verifySince(db, read.start, read.checkpoints, source.trusted);
    return {
      ok: true,
      verification: { ...result, start: read.start, unreadable: read.unreadable, noCheckpoints: false },
    };
  }
  const read = dir ? readCheckpointDirectory(dir) : { checkpoints: [], unreadable: [] };
  const full = await verifyWithCheckpoints(db, read.checkpoints, source.trusted);
  return {
    ok: true,
    verification: {
      ...full,
      start: null,
      unreadable: read.unreadable,
      noCheckpoints: read.checkpoints.length === 0 && full.events > 0,
    },
  };
}
