/**
 * A measuring process for one benchmark database: the real gateway (createTeikyo) over it,
 * with the analytics demo key and the demo's fixed clock. The benchmark sends it queries one
 * at a time, so the processes of the two sizes take turns. Its own process, so that its peak
 * RSS is that of answering queries, not of generating data.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, type Db } from "../../src/db/client.js";
import { DEMO_ANALYTICS_KEY_ID, DEMO_KEYS, demoKeyString } from "../../src/demo/keys.js";
import { createTeikyo } from "../../src/yoga.js";
import type {
  FromWorker,
  RunResult,
  StatementKind,
  StatementTiming,
  ToWorker,
  WorkerOptions,
} from "./protocol.js";
import { QUERIES } from "./queries.js";

interface CapturedStatement {
  kind: StatementKind;
  /** With ? placeholders (SQLite) and with $n (PostgreSQL). */
  sql: string;
  text: string;
  values: unknown[];
}

interface SqlLike {
  sql: string;
  text: string;
  values: unknown[];
}

const isSql = (v: unknown): v is SqlLike =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as SqlLike).sql === "string" &&
  Array.isArray((v as SqlLike).values);

/** Which statement of run-statistics.ts this is, from the SQL statistics-sql.ts builds. */
function kindOf(sql: string): StatementKind {
  if (/\bAS c0\b/.test(sql)) return "population";
  if (/\bAS bucket\b/.test(sql)) return "medians";
  if (/\bAS keysum\b/.test(sql)) return "cells";
  return "other";
}

/** The database with $queryRaw timed and its SQL kept; everything else passes through. */
function timedDb(db: Db, onStatement: (s: CapturedStatement, ms: number) => void): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "$queryRaw" && typeof value === "function") {
        return async (...args: unknown[]) => {
          const started = performance.now();
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          const query = args[0];
          if (isSql(query))
            onStatement(
              { kind: kindOf(query.sql), sql: query.sql, text: query.text, values: query.values },
              performance.now() - started,
            );
          return result;
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const options = JSON.parse(process.argv[2] ?? "{}") as WorkerOptions;
const send = (message: FromWorker) => process.send?.(message);
const analyticsKey = demoKeyString(DEMO_KEYS.find((k) => k.id === DEMO_ANALYTICS_KEY_ID)!);
const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * This process's own peak RSS. On Linux, getrusage's maxrss (process.resourceUsage) also
 * counts the parent's peak before fork and exec, so VmHWM of /proc/self/status is read there.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const db = await createDb(options.url);
// The demo key may spend epsilon 10; every differentially private run spends 0.1.
await db.privacyBudget.update({
  where: { apiKeyId: DEMO_ANALYTICS_KEY_ID },
  data: { epsilon: options.epsilonBudget, spent: 0 },
});
let current: StatementTiming[] = [];
const captured = new Map<string, CapturedStatement[]>();
let capturing: CapturedStatement[] | null = null;
const gateway = createTeikyo({
  db: timedDb(db, (statement, ms) => {
    current.push({ kind: statement.kind, ms: round(ms) });
    capturing?.push(statement);
  }),
  clock: () => new Date(options.now),
});

interface Cell {
  key: (string | null)[];
  people: number | null;
}
interface Answer {
  data?: { statistics?: { cells: Cell[]; disclosureControl: { suppressedCells: number } } | null } | null;
  errors?: unknown[];
}

async function run(name: string): Promise<RunResult> {
  const query = QUERIES.find((q) => q.name === name);
  if (!query) throw new Error(`Unknown query ${name}`);
  current = [];
  capturing = captured.has(name) ? null : [];
  const started = performance.now();
  const response = await gateway.fetch("http://teikyo.bench/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${analyticsKey}` },
    body: JSON.stringify({ query: query.graphql }),
  });
  const body = (await response.json()) as Answer;
  const ms = performance.now() - started;
  const table = body.data?.statistics;
  if (response.status !== 200 || body.errors?.length || !table)
    throw new Error(
      `${options.engine} ${options.size}: query "${name}" failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 2000)}`,
    );
  if (capturing) captured.set(name, capturing);
  capturing = null;
  const total = table.cells.find((c) => c.key.every((v) => v === null));
  return {
    type: "result",
    query: name,
    ms: round(ms),
    statements: current,
    cells: table.cells.length,
    suppressedCells: table.disclosureControl.suppressedCells,
    totalPeople: total?.people ?? null,
  };
}

/** The plan of every statement each query ran: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE. */
async function explain(dir: string, label: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, statements] of captured) {
    for (const [i, s] of statements.entries()) {
      let plan: string;
      const started = performance.now();
      if (options.engine === "sqlite") {
        const rows = await db.$queryRawUnsafe<{ id: number; parent: number; detail: string }[]>(
          `EXPLAIN QUERY PLAN ${s.sql}`,
          ...s.values,
        );
        const depth = new Map<number, number>([[0, -1]]);
        plan = rows
          .map((r) => {
            const d = (depth.get(Number(r.parent)) ?? -1) + 1;
            depth.set(Number(r.id), d);
            return `${"  ".repeat(d)}${r.detail}`;
          })
          .join("\n");
      } else {
        const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
          `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`,
          ...s.values,
        );
        plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      }
      const file = join(dir, `${label}-${name}-${i + 1}-${s.kind}.txt`);
      const header = [
        `-- ${options.engine}, ${options.size} people, query "${name}", statement ${i + 1} (${s.kind})`,
        `-- explained in ${round(performance.now() - started)} ms`,
        `-- parameters: ${JSON.stringify(s.values)}`,
        options.engine === "sqlite" ? s.sql : s.text,
        "",
        "-- plan",
      ].join("\n");
      writeFileSync(file, `${header}\n${plan}\n`);
      files.push(file);
    }
  }
  return files;
}

async function serverVersion(): Promise<string> {
  const sql = options.engine === "sqlite" ? "SELECT sqlite_version() AS v" : "SHOW server_version";
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql);
  return String(Object.values(row ?? {})[0] ?? "unknown");
}

process.on("message", (message: ToWorker) => {
  const reply = async (): Promise<FromWorker> => {
    switch (message.type) {
      case "run":
        return run(message.query);
      case "explain":
        return { type: "explained", files: await explain(message.dir, message.label) };
      case "exit":
        await db.$disconnect();
        return { type: "bye", maxRssMb: peakRssMb() };
    }
  };
  reply().then(
    (answer) => {
      send(answer);
      if (answer.type === "bye") process.disconnect();
    },
    (error: unknown) =>
      send({
        type: "error",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

send({ type: "ready", serverVersion: await serverVersion() });
