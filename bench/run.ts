/**
 * The one benchmark runner: runs benchmarks named on the command line, one after another,
 * each in its own process (so none inherits another's state), and prints how each ended.
 *
 *   npm run bench                           the gateway benchmark (bench/gateway.bench.ts)
 *   npm run bench -- flood statistics       those benchmarks
 *   npm run bench -- all                    every benchmark in bench/ (about an hour)
 *   npm run bench -- --quick                a smoke run of every benchmark, small and short
 *                                           (CI runs it); with names, a smoke run of those
 *   npm run bench -- --list                 the benchmarks and what each measures
 *
 * A benchmark is a file bench/<name>.bench.ts. Other flags (--profile, --strict,
 * --limits-only...) are passed to each benchmark, which reads its own; --quick is passed as
 * BENCH_QUICK=1 too. Where they run: BENCH_PG_URL (a PostgreSQL server; default
 * postgresql://postgres@127.0.0.1:5432), BENCH_DB_PREFIX (the databases' names, default
 * teikyo_bench), BENCH_PORT_BASE (servers listen on consecutive ports from it; default any
 * free port), BENCH_ENGINES (postgresql,sqlite). Each benchmark writes its results to
 * bench/results/<name>.json (the gateway's to latest.json).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -".bench.ts".length))
  .sort();

/** The first line of a benchmark's doc comment: what it measures. */
function summaryOf(name: string): string {
  const text = readFileSync(join(here, `${name}.bench.ts`), "utf8");
  return /\/\*\*\s*\n?\s*\*?\s*(.+)/.exec(text)?.[1]?.trim() ?? "";
}

const argv = process.argv.slice(2);
const names = argv.filter((a) => !a.startsWith("-"));
const flags = argv.filter((a) => a.startsWith("-"));
const quick = flags.includes("--quick");

if (flags.includes("--list")) {
  for (const name of available) console.log(`${name.padEnd(16)} ${summaryOf(name)}`);
  process.exit(0);
}
const unknown = names.filter((n) => n !== "all" && !available.includes(n));
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(", ")}. There are: ${available.join(", ")} (or all).`);
  process.exit(2);
}
const chosen =
  names.includes("all") || (names.length === 0 && quick) ? available : names.length ? names : ["gateway"];

function run(name: string): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", join(here, `${name}.bench.ts`), ...flags], {
    stdio: "inherit",
    env: { ...process.env, ...(quick ? { BENCH_QUICK: "1" } : {}) },
  });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const outcomes: { name: string; code: number; seconds: number }[] = [];
for (const name of chosen) {
  console.log(`\n=== bench ${name}${quick ? " (quick)" : ""}`);
  const started = performance.now();
  const code = await run(name);
  outcomes.push({ name, code, seconds: Math.round((performance.now() - started) / 1000) });
}
console.log("\n=== benchmarks");
for (const o of outcomes)
  console.log(`${o.name.padEnd(16)} ${o.code === 0 ? "ok" : `exit ${o.code}`}  ${o.seconds} s`);
process.exit(outcomes.some((o) => o.code !== 0) ? 1 : 0);
