/**
 * `records verify` at scale (PostgreSQL): a history of N events with signed checkpoints
 * (bench/lib/verify-history.ts), then the command's own code timed: incremental verify of
 * the last hour (`--since 1h`: from the newest checkpoint at or before an hour ago, the
 * events since against every later checkpoint's heads and Merkle roots), repeated, and the
 * full verify (every chain from its start, every checkpoint). Target: incremental < 1 s at
 * 10M events, and not growing with N (compare the --quick run's figure).
 */
import { performance } from "node:perf_hooks";
import { createDb } from "../../src/db/client.js";
import { verifyCommand } from "../../src/modules/records/checkpoints/checkpoint-commands.js";
import type { CheckpointSettings } from "../../src/modules/records/checkpoints/checkpoint-settings.js";
import { readCheckpointDirectory } from "../../src/modules/records/checkpoints/checkpoint-sinks.js";
import { trustedKeys } from "../../src/modules/records/checkpoints/signing-key.js";
import { verifyWithCheckpoints } from "../../src/modules/records/checkpoints/verify-with-checkpoints.js";
import type { Figure } from "../lib/gw-report.js";
import { median, round } from "../lib/gw-stats.js";
import { type HistorySettings, verifyHistory } from "../lib/verify-history.js";

export interface VerifySettings extends HistorySettings {
  /** Incremental runs (the median is reported; the first is also shown, cold). */
  repeats: number;
  /** Also time the full verify (minutes at millions of events). */
  full: boolean;
}

export async function recordVerify(s: VerifySettings, log: (line: string) => void) {
  const scenario = "7 record verify";
  const history = await verifyHistory(s, log);
  if (history.reused) log(`  reusing ${history.url.replace(/^.*\//, "")} (BENCH_REBUILD=1 remakes it)`);
  const settings: CheckpointSettings = {
    key: history.key,
    dirs: [history.dir],
    sinks: [],
    intervalMs: s.checkpointMinutes * 60_000,
    trusted: trustedKeys(history.key, []),
  };
  const db = await createDb(history.url, { statementTimeoutMs: 0 });
  const figures: Figure[] = [];
  try {
    const hourAgo = new Date(history.end.getTime() - 3_600_000).toISOString();
    const times: number[] = [];
    let line = "";
    for (let i = 0; i < s.repeats; i++) {
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
      const t = performance.now();
      const code = await verifyCommand(db, settings, io, { since: hourAgo });
      times.push((performance.now() - t) / 1000);
      if (code !== 0) throw new Error(`incremental verify failed:\n${lines.join("\n")}`);
      line = lines[0]!;
    }
    const walked = Number(/^(\d+) provision events/.exec(line)?.[1] ?? Number.NaN);
    log(`  incremental: ${line}`);
    log(`  incremental times (s): ${times.map((t) => round(t, 3)).join(", ")}`);
    const value = round(median(times), 3);
    figures.push({
      scenario,
      engine: "postgresql",
      name: `incremental verify of the last hour at ${s.events.toLocaleString("en-US")} events (${walked} events walked, median of ${s.repeats}; first ${round(times[0]!, 3)} s)`,
      value,
      unit: "s",
      ratio: value,
      target: { op: "<=", value: 1 },
      status: value <= 1 ? "PASS" : "MISS",
    });
    if (s.full) {
      const t = performance.now();
      const stored = readCheckpointDirectory(history.dir).checkpoints;
      const full = await verifyWithCheckpoints(db, stored, settings.trusted);
      const seconds = (performance.now() - t) / 1000;
      if (full.chainProblems.length || full.checkpointProblems.length)
        throw new Error(
          `full verify found problems: ${JSON.stringify([...full.chainProblems, ...full.checkpointProblems].slice(0, 5))}`,
        );
      log(`  full: ${full.events} events, ${full.checkpoints} checkpoints in ${round(seconds, 1)} s`);
      figures.push({
        scenario,
        engine: "postgresql",
        name: `full verify, ${full.events.toLocaleString("en-US")} events in ${full.chains} chains, ${full.checkpoints} checkpoints`,
        value: round(seconds, 1),
        unit: "s",
        note: `${round(full.events / seconds, 0)} events/s`,
      });
    }
  } finally {
    await db.$disconnect();
  }
  return {
    figures,
    details: {
      generatedSeconds: history.seconds,
      reused: history.reused,
      checkpoints: history.checkpoints,
      end: history.end.toISOString(),
    },
  };
}
