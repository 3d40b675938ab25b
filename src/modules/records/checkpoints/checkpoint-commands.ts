/**
 * The record commands of the CLI that involve checkpoints, kept apart from argument
 * parsing: each returns its exit code and writes its report through `out` / `err`.
 */
import type { Db } from "../../../db/client.js";
import { type CheckpointSettings } from "./checkpoint-settings.js";
import { readCheckpointDirectory, type StoredCheckpoint } from "./checkpoint-sinks.js";
import { chainsOf, checkSignature, eventsSigned } from "./checkpoint.js";
import { publicKeyPem } from "./signing-key.js";
import { takeCheckpoint } from "./take-checkpoint.js";
import { compareDatabase, verifyWithCheckpoints } from "./verify-with-checkpoints.js";
import { verifyChain } from "../verify-chain.js";

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
 * `records verify`: the whole chain and every checkpoint, or with `sinceCheckpoint` only the
 * events after the latest checkpoint the database still matches (daily verification).
 */
export async function verifyCommand(
  db: Db,
  settings: CheckpointSettings,
  io: Io,
  options: { sinceCheckpoint?: boolean } = {},
): Promise<number> {
  const stored = storedCheckpoints(settings, io);
  if (options.sinceCheckpoint) {
    const trustedLatest = [...stored]
      .reverse()
      .find((s) => checkSignature(s.checkpoint, settings.trusted) === "VALID");
    if (!trustedLatest) {
      io.err("No signed checkpoint to start from: run records verify without --since-checkpoint.");
      return 2;
    }
    const compared = await compareDatabase(db, [trustedLatest], settings.trusted);
    const from = new Map(
      chainsOf(trustedLatest.checkpoint).map((c) => [c.chain, { seq: c.seq, hash: c.hash }]),
    );
    const { events, chains, problems } = await verifyChain(db, { from });
    return report(
      io,
      events,
      chains,
      problems,
      compared.problems,
      1,
      `after checkpoint ${trustedLatest.source}`,
    );
  }
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
