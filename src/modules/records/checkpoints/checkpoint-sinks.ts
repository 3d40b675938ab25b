/**
 * Where checkpoints are kept outside the database. A directory sink writes one read-only
 * JSON file per checkpoint and never overwrites one (point it at storage the database's
 * administrators cannot write: another host, an object-store mount with object lock, a
 * WORM volume). A log sink prints the checkpoint as one JSON line, for syslog or a log
 * service that keeps its own copy.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eventsSigned, type SignedCheckpoint } from "./checkpoint.js";

export interface CheckpointSink {
  readonly name: string;
  write(checkpoint: SignedCheckpoint): void;
}

/** A checkpoint as read back, with where it came from (named in verification reports). */
export interface StoredCheckpoint {
  source: string;
  checkpoint: SignedCheckpoint;
}

export function checkpointFileName(c: SignedCheckpoint): string {
  const at = c.at.replace(/[-:.]/g, "");
  return `${at}-${String(eventsSigned(c)).padStart(12, "0")}-${c.keyId}.json`;
}

export function directorySink(dir: string): CheckpointSink {
  return {
    name: `dir:${dir}`,
    write(checkpoint) {
      mkdirSync(dir, { recursive: true });
      // "wx": never replace an existing checkpoint; 0o444: read-only once written.
      writeFileSync(join(dir, checkpointFileName(checkpoint)), `${JSON.stringify(checkpoint, null, 2)}\n`, {
        flag: "wx",
        mode: 0o444,
      });
    },
  };
}

export function logSink(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): CheckpointSink {
  return {
    name: "log",
    write(checkpoint) {
      write(JSON.stringify({ msg: "provision-record checkpoint", checkpoint }));
    },
  };
}

/**
 * Reads checkpoint files newest first until `isStart` accepts one, and returns that one
 * and those after it, oldest first: an incremental verify reads only the checkpoints of
 * the period it checks, however many years the directory holds. File names begin with the
 * checkpoint's time (checkpointFileName), so name order is time order.
 */
export function readCheckpointDirectoryBack(
  dir: string,
  isStart: (s: StoredCheckpoint) => boolean,
): { checkpoints: StoredCheckpoint[]; start: StoredCheckpoint | null; unreadable: string[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return { checkpoints: [], start: null, unreadable: [] };
  }
  const checkpoints: StoredCheckpoint[] = [];
  const unreadable: string[] = [];
  let start: StoredCheckpoint | null = null;
  for (const name of names.sort().reverse()) {
    let stored: StoredCheckpoint;
    try {
      stored = {
        source: name,
        checkpoint: JSON.parse(readFileSync(join(dir, name), "utf8")) as SignedCheckpoint,
      };
    } catch {
      unreadable.push(name);
      continue;
    }
    checkpoints.push(stored);
    if (isStart(stored)) {
      start = stored;
      break;
    }
  }
  checkpoints.sort((a, b) =>
    a.checkpoint.at < b.checkpoint.at ? -1 : a.checkpoint.at > b.checkpoint.at ? 1 : 0,
  );
  return { checkpoints, start, unreadable };
}

/** Reads every checkpoint file of a directory, oldest first; unreadable files are reported. */
export function readCheckpointDirectory(dir: string): {
  checkpoints: StoredCheckpoint[];
  unreadable: string[];
} {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return { checkpoints: [], unreadable: [] };
  }
  const checkpoints: StoredCheckpoint[] = [];
  const unreadable: string[] = [];
  for (const name of names.sort()) {
    try {
      const checkpoint = JSON.parse(readFileSync(join(dir, name), "utf8")) as SignedCheckpoint;
      checkpoints.push({ source: name, checkpoint });
    } catch {
      unreadable.push(name);
    }
  }
  checkpoints.sort((a, b) =>
    a.checkpoint.at < b.checkpoint.at ? -1 : a.checkpoint.at > b.checkpoint.at ? 1 : 0,
  );
  return { checkpoints, unreadable };
}
