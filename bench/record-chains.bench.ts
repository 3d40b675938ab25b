/**
 * Sharded record chains on PostgreSQL (bench/scenarios/record-chains.ts), on its own:
 *
 *   npm run bench:record-chains
 *
 * Quick (--quick): 2 s runs, 5,000 events of history, 100 recent.
 * Environment: BENCH_PG_URL (as bench/run.ts), BENCH_CHAINS (default 8), BENCH_SECONDS per
 * throughput run (default 10), BENCH_CONCURRENCY requests in flight per process (default 8),
 * BENCH_HISTORY events for the verify figures (default 100,000), BENCH_RECENT events after
 * the checkpoint (default 1,000). Writes bench/results/record-chains.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { printTable } from "./lib/gw-report.js";
import { recordChains } from "./scenarios/record-chains.js";
import { quick } from "./lib/bench-env.js";

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const settings = {
  chains: num("BENCH_CHAINS", 8),
  seconds: num("BENCH_SECONDS", quick ? 2 : 10),
  concurrency: num("BENCH_CONCURRENCY", 8),
  history: num("BENCH_HISTORY", quick ? 5_000 : 100_000),
  recent: num("BENCH_RECENT", quick ? 100 : 1_000),
};
console.log(`record chains bench: ${JSON.stringify(settings)}`);
const result = await recordChains(settings, (l) => console.log(l));
console.log(printTable(result.figures));
const dir = join(dirname(fileURLToPath(import.meta.url)), "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "record-chains.json"),
  `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, loadAverage: loadavg(), settings, ...result }, null, 2)}\n`,
);
process.exit(0); // pools of the scenario may still hold the event loop
