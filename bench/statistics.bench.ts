/**
 * Benchmark of Query.statistics over 100,000 and 1,000,000 people, on SQLite and PostgreSQL.
 *
 *   npm run bench:statistics
 *   npm run bench -- statistics --quick   a smoke run: small sizes, one timed run
 *
 * Each run builds fresh databases (SQLite files under the OS temp directory; PostgreSQL
 * databases teikyo_bench_stats_<size>), migrates them, seeds the demo world and generates
 * the remaining people and their orders in SQL. It then times the statistics queries of
 * bench/lib/queries.ts through the real gateway (yoga.fetch, the demo analytics key, clock
 * 2026-11-23T00:00:00Z): one warm-up, then BENCH_ITERATIONS runs, alternating between the
 * sizes. It prints a table and writes bench/results/statistics.json.
 *
 * Environment:
 *   BENCH_ITERATIONS  timed runs per query and size (default 5; quick 1)
 *   BENCH_SIZES       people per database, e.g. "100k,1m" (default; quick "5k,20k"); the ratio is largest/smallest
 *   BENCH_ENGINES     "sqlite,postgresql" (default) or one of them
 *   BENCH_PG_URL      PostgreSQL server (default postgresql://postgres@127.0.0.1:5432); the
 *                     databases teikyo_bench_stats_* on it are dropped and created
 *   BENCH_KEEP=1      keep the databases afterwards (they are removed by default)
 *   BENCH_EXPLAIN=1   also write each statement's plan to bench/results/statistics-explain/
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_PG_BASE,
  dropPostgresDatabase,
  postgresProblem,
  prepareDatabase,
  sizeLabel,
  sqliteDirectory,
  vacuumAgain,
  type GenerationReport,
} from "./lib/databases.js";
import type { Engine } from "./lib/generate-sql.js";
import type { FromWorker, RunResult, StatementKind, ToWorker, WorkerOptions } from "./lib/protocol.js";
import { QUERIES } from "./lib/queries.js";
import { median, round, table } from "./lib/summary.js";
import { quick } from "./lib/bench-env.js";

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(here, "results");
const RESULTS_FILE = join(RESULTS_DIR, "statistics.json");
const WORKER = join(here, "lib", "measure-worker.ts");
const NOW = "2026-11-23T00:00:00.000Z";
/** Far more than the runs spend (0.1 each), so no run is refused for budget. */
const EPSILON_BUDGET = 1_000_000;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer; got ${raw}.`);
  return value;
}

function parseSizes(raw: string | undefined): number[] {
  const sizes = (raw?.trim() || "100k,1m").split(",").map((part) => {
    const m = /^(\d+)([km]?)$/i.exec(part.trim());
    if (!m) throw new Error(`BENCH_SIZES: "${part}" is not a size like 100000, 100k or 1m.`);
    const unit = m[2]?.toLowerCase();
    return Number(m[1]) * (unit === "m" ? 1_000_000 : unit === "k" ? 1000 : 1);
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function parseEngines(raw: string | undefined): Engine[] {
  const engines = (raw?.trim() || "sqlite,postgresql").split(",").map((e) => e.trim().toLowerCase());
  for (const e of engines)
    if (e !== "sqlite" && e !== "postgresql") throw new Error(`BENCH_ENGINES: unknown engine "${e}".`);
  return engines as Engine[];
}

/** The URL without its password, for printing. */
function shown(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

const iterations = positiveInt("BENCH_ITERATIONS", quick ? 1 : 5);
const sizes = parseSizes(process.env.BENCH_SIZES || (quick ? "5k,20k" : undefined));
const engines = parseEngines(process.env.BENCH_ENGINES);
const pgBase = process.env.BENCH_PG_URL?.trim() || DEFAULT_PG_BASE;
const keep = process.env.BENCH_KEEP === "1";
const explain = process.env.BENCH_EXPLAIN === "1";
const small = sizes[0]!;
const large = sizes[sizes.length - 1]!;
const ratioName = `${sizeLabel(large)}/${sizeLabel(small)}`;
const log = (line: string) => console.log(line);

/** A measuring process, asked one thing at a time. */
class Worker {
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private readonly first: Promise<FromWorker>;

  constructor(
    readonly size: number,
    private readonly child: ChildProcess,
  ) {
    this.first = this.next();
    child.on("message", (message: FromWorker) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (message.type === "error") waiting?.reject(new Error(message.message));
      else waiting?.resolve(message);
    });
    child.on("exit", (code, signal) => {
      this.waiting?.reject(new Error(`The ${sizeLabel(size)} measuring process ended (${signal ?? code}).`));
      this.waiting = null;
    });
  }

  static start(options: WorkerOptions): Worker {
    const child = fork(WORKER, [JSON.stringify(options)], {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new Worker(options.size, child);
  }

  private next(): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  ready(): Promise<FromWorker> {
    return this.first;
  }

  async ask<T extends FromWorker["type"]>(
    message: ToWorker,
    expect: T,
  ): Promise<Extract<FromWorker, { type: T }>> {
    const answer = this.next();
    this.child.send(message);
    const reply = await answer;
    if (reply.type !== expect)
      throw new Error(`Expected ${expect} from the measuring process, got ${reply.type}.`);
    return reply as Extract<FromWorker, { type: T }>;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

interface SizeResult {
  size: number;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  /** Median over the runs of the time in each kind of SQL statement, and in the rest of the gateway. */
  medianBreakdownMs: Record<StatementKind | "gateway", number>;
  cells: number;
  suppressedCells: number;
  totalPeople: number | null;
}

interface QueryResult {
  query: string;
  sizes: SizeResult[];
  /** Median time of the largest size over that of the smallest. */
  ratioMedian: number | null;
  ratioMin: number | null;
}

interface EngineResult {
  engine: Engine;
  skipped: string | null;
  serverVersion: string | null;
  generation: Omit<GenerationReport, "url">[];
  queries: QueryResult[];
  /** Peak RSS of each size's measuring process (the gateway and, for SQLite, the database engine). */
  peakRssMb: Record<string, number>;
  /** The machine's 1, 5 and 15 minute load averages as measuring began and ended (a busy machine slows every figure). */
  loadAverage: { start: number[]; end: number[] } | null;
  explainFiles: string[];
}

function summarize(size: number, runs: RunResult[]): SizeResult {
  const samples = runs.map((r) => r.ms);
  const kinds: StatementKind[] = ["population", "cells", "medians", "other"];
  const byKind = (kind: StatementKind, r: RunResult) =>
    r.statements.filter((s) => s.kind === kind).reduce((n, s) => n + s.ms, 0);
  const breakdown = Object.fromEntries(
    kinds.map((kind) => [kind, round(median(runs.map((r) => byKind(kind, r))), 1)]),
  ) as Record<StatementKind, number>;
  const gateway = round(median(runs.map((r) => r.ms - r.statements.reduce((n, s) => n + s.ms, 0))), 1);
  const last = runs[runs.length - 1]!;
  return {
    size,
    samplesMs: samples,
    medianMs: round(median(samples), 1),
    minMs: round(Math.min(...samples), 1),
    medianBreakdownMs: { ...breakdown, gateway },
    cells: last.cells,
    suppressedCells: last.suppressedCells,
    totalPeople: last.totalPeople,
  };
}

async function benchmarkEngine(engine: Engine): Promise<EngineResult> {
  const result: EngineResult = {
    engine,
    skipped: null,
    serverVersion: null,
    generation: [],
    queries: [],
    peakRssMb: {},
    loadAverage: null,
    explainFiles: [],
  };
  log(`\n== ${engine}`);
  if (engine === "postgresql") {
    const problem = await postgresProblem(pgBase);
    if (problem) {
      result.skipped = `PostgreSQL at ${shown(pgBase)} is unreachable (${problem}); set BENCH_PG_URL to benchmark it.`;
      log(`NOTE: skipping PostgreSQL. ${result.skipped}`);
      return result;
    }
  }
  const sqlite = engine === "sqlite" ? sqliteDirectory() : null;
  const workers: Worker[] = [];
  try {
    const urls = new Map<number, string>();
    for (const size of sizes) {
      log(`${engine}: building ${sizeLabel(size)} (${size.toLocaleString("en")} people)`);
      const report = await prepareDatabase({ engine, size, sqliteDir: sqlite?.dir, pgBase, log });
      const { url, ...rest } = report;
      urls.set(size, url);
      result.generation.push(rest);
      log(
        `  ${report.rows.people.toLocaleString("en")} people, ${report.rows.orders.toLocaleString("en")} orders, ` +
          `${round(report.bytes / 2 ** 20)} MB, ${report.seconds.total} s`,
      );
    }

    // The benchmark shares its PostgreSQL server: if an old snapshot elsewhere kept VACUUM
    // from marking pages all-visible, try once more now that time has passed.
    for (const g of result.generation)
      if (engine === "postgresql" && g.notes.length > 0) {
        g.notes = await vacuumAgain(urls.get(g.size)!);
        log(
          `${engine}: ${sizeLabel(g.size)} vacuumed again: ${g.notes.length ? g.notes.join("; ") : "all visible now"}`,
        );
      }

    for (const size of sizes)
      workers.push(
        Worker.start({ engine, size, url: urls.get(size)!, now: NOW, epsilonBudget: EPSILON_BUDGET }),
      );
    for (const worker of workers) {
      const ready = await worker.ready();
      if (ready.type === "ready") result.serverVersion = ready.serverVersion;
    }

    const runs = new Map<string, RunResult[]>();
    const runOn = async (worker: Worker, query: string, keepIt: boolean) => {
      const answer = await worker.ask({ type: "run", query }, "result");
      if (keepIt) {
        const key = `${query}@${worker.size}`;
        runs.set(key, [...(runs.get(key) ?? []), answer]);
      }
      return answer;
    };
    const loadAtStart = loadavg().map((x) => round(x, 2));
    log(`${engine}: warm-up`);
    for (const q of QUERIES) for (const worker of workers) await runOn(worker, q.name, false);
    for (let i = 0; i < iterations; i++) {
      log(`${engine}: run ${i + 1} of ${iterations}`);
      // The sizes take turns, smallest first on even runs and largest first on odd ones.
      const order = i % 2 === 0 ? workers : [...workers].reverse();
      for (const q of QUERIES) for (const worker of order) await runOn(worker, q.name, true);
    }

    result.loadAverage = { start: loadAtStart, end: loadavg().map((x) => round(x, 2)) };

    for (const q of QUERIES) {
      const bySize = workers.map((w) => summarize(w.size, runs.get(`${q.name}@${w.size}`) ?? []));
      const first = bySize[0]!;
      const last = bySize[bySize.length - 1]!;
      result.queries.push({
        query: q.name,
        sizes: bySize,
        ratioMedian: bySize.length > 1 ? round(last.medianMs / first.medianMs, 2) : null,
        ratioMin: bySize.length > 1 ? round(last.minMs / first.minMs, 2) : null,
      });
      for (const s of bySize) {
        // A check that the generated rows are read at all (cell-key noise moves a count by 2 at most).
        if (q.countsEveryone && (s.totalPeople === null || s.totalPeople < 0.99 * s.size))
          throw new Error(
            `${engine} ${sizeLabel(s.size)} "${q.name}": the grand total counts ${s.totalPeople} people of ${s.size}; the generated data is not being counted.`,
          );
      }
    }

    if (explain) {
      log(`${engine}: explaining the statements (this runs the PostgreSQL ones once more)`);
      for (const worker of workers) {
        const label = `${engine}-${sizeLabel(worker.size)}`;
        const { files } = await worker.ask(
          { type: "explain", dir: join(RESULTS_DIR, "statistics-explain"), label },
          "explained",
        );
        result.explainFiles.push(...files.map((f) => relative(process.cwd(), f)));
      }
    }
    for (const worker of workers) {
      const bye = await worker.ask({ type: "exit" }, "bye");
      result.peakRssMb[sizeLabel(worker.size)] = bye.maxRssMb;
    }
    return result;
  } finally {
    for (const worker of workers) worker.kill();
    if (!keep) {
      sqlite?.remove();
      if (engine === "postgresql") for (const size of sizes) await dropPostgresDatabase(pgBase, size);
    } else if (sqlite) {
      log(`${engine}: kept the databases in ${sqlite.dir}`);
    }
  }
}

function printSummary(results: EngineResult[]): void {
  const measured = results.filter((r) => !r.skipped);
  log(
    `\n== Statistics benchmark: ${iterations} timed runs per query and size after 1 warm-up, sizes alternating`,
  );
  log("\nGeneration (seconds)");
  log(
    table(
      ["engine", "people", "orders", "migrate+seed", "people", "orders", "analyze", "total", "MB"],
      measured.flatMap((r) =>
        r.generation.map((g) => [
          r.engine,
          g.rows.people.toLocaleString("en"),
          g.rows.orders.toLocaleString("en"),
          g.seconds.migrateAndSeed,
          g.seconds.people,
          g.seconds.orders,
          g.seconds.analyze,
          g.seconds.total,
          round(g.bytes / 2 ** 20),
        ]),
      ),
    ),
  );

  log("\nQuery time (ms per query through yoga.fetch)");
  const sizeHeads = sizes.flatMap((s) => [`${sizeLabel(s)} median`, `${sizeLabel(s)} min`]);
  log(
    table(
      ["engine", "query", ...sizeHeads, `ratio ${ratioName} (median)`, `ratio (min)`],
      measured.flatMap((r) =>
        r.queries.map((q) => [
          r.engine,
          q.query,
          ...q.sizes.flatMap((s) => [s.medianMs, s.minMs]),
          q.ratioMedian ?? "-",
          q.ratioMin ?? "-",
        ]),
      ),
      2,
    ),
  );

  log("\nWhere the time goes (median ms: SQL statements by kind, and the rest of the gateway)");
  log(
    table(
      ["engine", "query", "people", "population", "cells", "medians", "gateway", "cells out", "suppressed"],
      measured.flatMap((r) =>
        r.queries.flatMap((q) =>
          q.sizes.map((s) => [
            r.engine,
            q.query,
            sizeLabel(s.size),
            s.medianBreakdownMs.population,
            s.medianBreakdownMs.cells,
            s.medianBreakdownMs.medians,
            s.medianBreakdownMs.gateway,
            s.cells,
            s.suppressedCells,
          ]),
        ),
      ),
      3,
    ),
  );

  log("\nPeak RSS of the measuring process (MB)");
  log(
    table(
      ["engine", ...sizes.map(sizeLabel)],
      measured.map((r) => [r.engine, ...sizes.map((s) => r.peakRssMb[sizeLabel(s)] ?? "-")]),
    ),
  );
  log(`\nLoad average (1, 5, 15 min) when measuring began and ended, on ${cpus().length} CPUs`);
  for (const r of measured)
    if (r.loadAverage)
      log(`  ${r.engine}: ${r.loadAverage.start.join(" ")} -> ${r.loadAverage.end.join(" ")}`);
  for (const r of measured)
    for (const g of r.generation)
      for (const note of g.notes) log(`NOTE: ${r.engine} ${sizeLabel(g.size)}: ${note}`);
  for (const r of results) if (r.skipped) log(`\nNOTE: ${r.engine} was not measured: ${r.skipped}`);
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  log(
    `Statistics benchmark: sizes ${sizes.map(sizeLabel).join(", ")}; engines ${engines.join(", ")}; ` +
      `${iterations} iterations${explain ? "; with EXPLAIN" : ""}`,
  );
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await benchmarkEngine(engine));
  printSummary(results);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const cpuList = cpus();
  const report = {
    benchmark: "statistics",
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      platform: `${platform()} ${arch()}`,
      cpu: `${cpuList.length} x ${cpuList[0]?.model ?? "unknown"}`,
      memoryGb: round(totalmem() / 2 ** 30),
      node: process.version,
    },
    settings: {
      iterations,
      warmup: 1,
      sizes,
      engines,
      clock: NOW,
      postgres: engines.includes("postgresql") ? shown(pgBase) : null,
      ratio: ratioName,
    },
    queries: QUERIES,
    engines: results,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nWrote ${relative(process.cwd(), RESULTS_FILE)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
