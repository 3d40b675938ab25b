/**
 * What every benchmark reads the same way (bench/run.ts): a quick smoke run, the names of
 * the databases it may create and drop, and the ports its servers listen on.
 */

/** A smoke run: `--quick` or BENCH_QUICK=1 (bench/run.ts sets it for the benchmarks it runs). */
export const quick =
  process.argv.includes("--quick") || ["1", "on", "true", "yes"].includes(process.env.BENCH_QUICK ?? "");

const prefix = process.env.BENCH_DB_PREFIX?.trim() || "teikyo_bench";
if (!/^[a-z_][a-z0-9_]*$/.test(prefix) || !prefix.includes("bench"))
  throw new Error(`BENCH_DB_PREFIX must be a lowercase SQL name containing "bench"; got "${prefix}".`);

/** A benchmark database's name: BENCH_DB_PREFIX (teikyo_bench) + "_" + what it holds. */
export const benchDbName = (suffix: string) => `${prefix}_${suffix}`;

/** Only databases named by benchDbName are ever dropped. */
export const isBenchDb = (name: string) => name.startsWith(`${prefix}_`);

let nextPort = Number(process.env.BENCH_PORT_BASE?.trim() || 0);
if (!Number.isInteger(nextPort) || nextPort < 0 || nextPort > 65_000)
  throw new Error(`BENCH_PORT_BASE must be a port number; got "${process.env.BENCH_PORT_BASE}".`);

/** The port for the next server: consecutive from BENCH_PORT_BASE, or 0 (any free port). */
export const nextListenPort = () => (nextPort ? nextPort++ : 0);
