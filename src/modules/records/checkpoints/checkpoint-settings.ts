/**
 * Checkpoint settings from the environment. The embedded demo (SQLite under ./data) makes
 * its own key and directory beside the database; anywhere else checkpoints are on once a
 * key is given, and then need somewhere outside the database to go.
 */
import type { KeyObject } from "node:crypto";
import { envInt } from "../../../env.js";
import { type CheckpointSink, directorySink, logSink } from "./checkpoint-sinks.js";
import { ensureLocalSigningKey, loadSigningKey, trustedKeys } from "./signing-key.js";

export interface CheckpointSettings {
  key: KeyObject | null;
  /** Directories checkpoints are written to and read back from (the first is read). */
  dirs: string[];
  sinks: CheckpointSink[];
  intervalMs: number;
  trusted: Map<string, KeyObject>;
}

export const EMBEDDED_CHECKPOINT_DIR = "./data/checkpoints";
export const EMBEDDED_CHECKPOINT_KEY = "./data/checkpoint-signing-key.pem";

export function checkpointSettings(env: NodeJS.ProcessEnv, embedded: boolean): CheckpointSettings {
  const given = loadSigningKey({ pem: env.TEIKYO_CHECKPOINT_KEY, file: env.TEIKYO_CHECKPOINT_KEY_FILE });
  const key = given ?? (embedded ? ensureLocalSigningKey(EMBEDDED_CHECKPOINT_KEY) : null);
  const dirs = (env.TEIKYO_CHECKPOINT_DIR ?? (embedded ? EMBEDDED_CHECKPOINT_DIR : ""))
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean);
  const log = (env.TEIKYO_CHECKPOINT_LOG ?? "off").toLowerCase() === "on";
  if (key && dirs.length === 0 && !log)
    throw new Error(
      "TEIKYO_CHECKPOINT_KEY(_FILE) is set but checkpoints have nowhere to go: set TEIKYO_CHECKPOINT_DIR (a directory outside the database) or TEIKYO_CHECKPOINT_LOG=on.",
    );
  const publicKeyFiles = (env.TEIKYO_CHECKPOINT_TRUSTED_KEYS ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  return {
    key,
    dirs,
    sinks: [...dirs.map(directorySink), ...(log ? [logSink()] : [])],
    intervalMs: envInt(env, "TEIKYO_CHECKPOINT_INTERVAL_S", 60, 1) * 1000,
    trusted: trustedKeys(key, publicKeyFiles),
  };
}
