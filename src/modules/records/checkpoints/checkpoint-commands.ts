/**
 * The record commands of the CLI that involve checkpoints, kept apart from argument
 * parsing: each returns its exit code and writes its report through `out` / `err`.
 */
import type { Db } from "../../../db/client.js";
import { type CheckpointSettings } from "./checkpoint-settings.js";
import {
  readCheckpointDirectory,
  readCheckpointDirectoryBack,
  type StoredCheckpoint,
} from "./checkpoint-sinks.js";
import { chainsOf, checkSignature, eventsSigned } from "./checkpoint.js";
import { publicKeyPem } from "./signing-key.js";
import { takeCheckpoint } from "./take-checkpoint.js";
import { verifySince, verifyWithCheckpoints } from "./verify-with-checkpoints.js";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Checkpoints from the configured directory (the authority), or none. */
export function storedCheckpoints(settings: CheckpointSettings, io: Io): StoredCheckpoint[] {
  const dir = settings.dirs[0];
  if (!dir) return [];
  const { checkpoints, unreadable } = readCheckpointDirectory(dir);
  for (const name of unreadable) io.err(`UNREADABLE_CHECKPOINT\t${name}\tnot a checkpoint file`);
  return checkpoints;
}

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

/**
 * `records verify`: the whole chain and every checkpoint, or with `since` (`sinceCheckpoint`
 * is since "latest") incrementally: from the newest signed checkpoint at or before that
 * point, the events after it against every checkpoint since (daily verification: start
 * where the previous run ended, or a little before).
 */
export async function verifyCommand(
  db: Db,
  settings: CheckpointSettings,
  io: Io,
  options: { sinceCheckpoint?: boolean; since?: string; now?: Date } = {},
): Promise<number> {
  if (options.sinceCheckpoint || options.since) {
    const bound = options.since ? parseSince(options.since, options.now ?? new Date()) : "latest";
    if (!bound) {
      io.err(`--since takes a checkpoint file name, an ISO time, a duration (90m, 25h, 7d) or latest.`);
      return 2;
    }
    const dir = settings.dirs[0];
    const isStart = (s: StoredCheckpoint) =>
      checkSignature(s.checkpoint, settings.trusted) === "VALID" &&
      (bound === "latest" || ("name" in bound ? s.source === bound.name : s.checkpoint.at <= bound.at));
    const read = dir ? readCheckpointDirectoryBack(dir, isStart) : null;
    for (const name of read?.unreadable ?? [])
      io.err(`UNREADABLE_CHECKPOINT\t${name}\tnot a checkpoint file`);
    if (!read?.start) {
      io.err("No signed checkpoint to start from: run records verify without --since.");
      return 2;
    }
    const result = await verifySince(db, read.start, read.checkpoints, settings.trusted);
    const code = report(
      io,
      result.events,
      result.chains,
      result.chainProblems,
      result.checkpointProblems,
      result.checkpoints,
      `after checkpoint ${read.start.source}`,
    );
    if (code === 0 && result.latestCheckpoint)
      io.out(`Verified up to checkpoint ${result.latestCheckpoint.source}.`);
    return code;
  }
  const stored = storedCheckpoints(settings, io);
  const full = await verifyWithCheckpoints(db, stored, settings.trusted);
  if (stored.length === 0 && full.events > 0)
    io.err(
      "NO_CHECKPOINTS\tno signed checkpoint found: deleted tail records or a restored backup cannot be detected",
    );
  return report(
    io,
    full.events,
    full.chains,
    full.chainProblems,
    full.checkpointProblems,
    full.checkpoints,
    "",
  );
}

function report(
  io: Io,
  events: number,
  chains: number,
  chain: { chain: number; seq: bigint | number; problem: string; detail: string }[],
  checkpoints: { chain: number; seq: number; problem: string; checkpoint: string | null; detail: string }[],
  checked: number,
  scope: string,
): number {
  for (const p of chain) io.err(`${p.problem}\tchain ${p.chain}\tseq ${p.seq}\t${p.detail}`);
  for (const p of checkpoints)
    io.err(`${p.problem}\tchain ${p.chain}\tseq ${p.seq}\t${p.checkpoint ?? "-"}\t${p.detail}`);
  const problems = chain.length + checkpoints.length;
  const what = `${events} provision events in ${chains} chain(s)${scope ? ` ${scope}` : ""}, ${checked} signed checkpoint(s)`;
  io.out(
    problems
      ? `${problems} problem(s) in ${what}.`
      : `${what}: chain intact and consistent with every checkpoint.`,
  );
  return problems ? 1 : 0;
}

/** `records checkpoint`: sign and write one now. */
export async function checkpointCommand(db: Db, settings: CheckpointSettings, io: Io): Promise<number> {
  if (!settings.key) {
    io.err("No checkpoint signing key: set TEIKYO_CHECKPOINT_KEY_FILE (and TEIKYO_CHECKPOINT_DIR).");
    return 2;
  }
  const c = await takeCheckpoint(db, settings.key, settings.sinks);
  io.out(
    `Checkpoint of ${chainsOf(c).length} chain(s), ${eventsSigned(c)} events, signed with key ${c.keyId} (${c.at}).`,
  );
  return 0;
}

/** `records checkpoints`: every checkpoint as JSON lines, for an auditor's own copy. */
export function exportCheckpointsCommand(settings: CheckpointSettings, io: Io): number {
  for (const { checkpoint } of storedCheckpoints(settings, io)) io.out(JSON.stringify(checkpoint));
  return 0;
}

/** `records public-key`: the PEM an auditor verifies checkpoints with. */
export function publicKeyCommand(settings: CheckpointSettings, io: Io): number {
  if (!settings.key) {
    io.err("No checkpoint signing key configured.");
    return 2;
  }
  io.out(publicKeyPem(settings.key).trimEnd());
  return 0;
}
