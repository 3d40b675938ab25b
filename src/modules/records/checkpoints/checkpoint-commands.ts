/**
 * The record commands of the CLI that involve checkpoints, kept apart from argument
 * parsing: each returns its exit code and writes its report through `out` / `err`.
 */
import type { Db } from "../../../db/client.js";
import { type CheckpointSettings } from "./checkpoint-settings.js";
import { readCheckpointDirectory, type StoredCheckpoint } from "./checkpoint-sinks.js";
import { chainsOf, eventsSigned } from "./checkpoint.js";
import { runVerification } from "./run-verification.js";
import { publicKeyPem } from "./signing-key.js";
import { takeCheckpoint } from "./take-checkpoint.js";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Checkpoints from the configured directory (the authority), or none. */
function storedCheckpoints(settings: CheckpointSettings, io: Io): StoredCheckpoint[] {
  const dir = settings.dirs[0];
  if (!dir) return [];
  const { checkpoints, unreadable } = readCheckpointDirectory(dir);
  for (const name of unreadable) io.err(`UNREADABLE_CHECKPOINT\t${name}\tnot a checkpoint file`);
  return checkpoints;
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
  const since = options.since ?? (options.sinceCheckpoint ? "latest" : null);
  const outcome = await runVerification(db, settings, { since, now: options.now ?? new Date() });
  if (!outcome.ok) {
    io.err(
      outcome.problem === "BAD_SINCE"
        ? `--since takes a checkpoint file name, an ISO time, a duration (90m, 25h, 7d) or latest.`
        : "No signed checkpoint to start from: run records verify without --since.",
    );
    return 2;
  }
  const v = outcome.verification;
  for (const name of v.unreadable) io.err(`UNREADABLE_CHECKPOINT\t${name}\tnot a checkpoint file`);
  if (v.noCheckpoints)
    io.err(
      "NO_CHECKPOINTS\tno signed checkpoint found: deleted tail records or a restored backup cannot be detected",
    );
  const code = report(
    io,
    v.events,
    v.chains,
    v.chainProblems,
    v.checkpointProblems,
    v.checkpoints,
    v.start ? `after checkpoint ${v.start.source}` : "",
  );
  if (code === 0 && v.start && v.latestCheckpoint)
    io.out(`Verified up to checkpoint ${v.latestCheckpoint.source}.`);
  return code;
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
