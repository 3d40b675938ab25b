/**
 * `records verify` at scale on PostgreSQL (bench/scenarios/record-verify.ts):
 *
 *   npm run bench:record-verify               10,000,000 events (generation takes a while;
 *                                             the database is kept for later runs)
 *   npm run bench:record-verify -- --quick    20,000 events, a smoke run (a missed target
 *                                             does not fail it)
 *
 * Environment: BENCH_PG_URL (as bench/run.ts), BENCH_VERIFY_EVENTS (default 10,000,000),
 * BENCH_VERIFY_CHAINS (default 8), BENCH_VERIFY_DAYS the history spans (default 365),
 * BENCH_VERIFY_CHECKPOINT_MINUTES between checkpoints (default 60), BENCH_VERIFY_REPEATS
 * incremental runs (default 5), BENCH_VERIFY_FULL=0 to skip the full verify, BENCH_REBUILD=1
 * to make the history again. Writes bench/results/record-verify.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { quick } from "./lib/bench-env.js";
import { printTable } from "./lib/gw-report.js";
import { recordVerify } from "./scenarios/record-verify.js";

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const settings = {
  events: num("BENCH_VERIFY_EVENTS", quick ? 20_000 : 10_000_000),
  chains: num("BENCH_VERIFY_CHAINS", 8),
  days: num("BENCH_VERIFY_DAYS", 365),
  checkpointMinutes: num("BENCH_VERIFY_CHECKPOINT_MINUTES", 60),
  repeats: num("BENCH_VERIFY_REPEATS", 5),
  full: (process.env.BENCH_VERIFY_FULL ?? "1") !== "0",
};
console.log(`record verify bench: ${JSON.stringify(settings)}`);
const result = await recordVerify(settings, (l) => console.log(l));
console.log(printTable(result.figures));
const dir = join(dirname(fileURLToPath(import.meta.url)), "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "record-verify.json"),
  `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAverage: loadavg(), settings, ...result }, null, 2)}\n`,
);
// A smoke run shows the bench works; its times on a small history are not the target's.
process.exit(!quick && result.figures.some((f) => f.status === "MISS") ? 1 : 0);
