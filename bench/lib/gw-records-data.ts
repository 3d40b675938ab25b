/**
 * Provision records for the disclosure-lookup scenario, generated in SQL and kept between
 * runs: PostgreSQL databases teikyo_bench_records_<size> and SQLite files of the same name
 * under the cache directory. A kept database is used again when it has every migration of
 * the repository, this generator's marker and the right row counts; otherwise (or with
 * BENCH_REBUILD=1) it is made again. Making 10,000,000 rows takes minutes; reusing them,
 * seconds.
 *
 * The data: the demo world (1,000 people), then `rows / 100` provision events of 100 people
 * each, spread over two years and four recipients. The people are synthetic customer numbers
 * X0000000... (ten records each on average), except that every (events / 100)-th event has
 * C000001 in it, so C000001 has exactly 100 records whatever the size: the lookup returns
 * the same answer from a small and a large table.
 */
import { existsSync } from "node:fs";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import {
  appliedMigrations,
  type Engine,
  onPostgres,
  seededDatabase,
  sqliteUrl,
  urlFor,
} from "./gw-databases.js";
import { benchDbName } from "./bench-env.js";

/** Changes whenever the generated data changes, so older kept databases are made again. */
const MARKER = "bench-records-v2";
export const TARGET_PERSON = "C000001";
export const TARGET_RECORDS = 100;
const PEOPLE_PER_EVENT = 100;

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

export function recordsLabel(rows: number): string {
  if (rows % 1_000_000 === 0) return `${rows / 1_000_000}m`;
  if (rows % 1000 === 0) return `${rows / 1000}k`;
  return String(rows);
}

export const recordsDbName = (rows: number) => benchDbName(`records_${recordsLabel(rows)}`);

const RECIPIENTS = [
  {
    id: "hayate-logistics",
    purpose: "delivery",
    ground: "ENTRUSTMENT",
    required: false,
    kinds: ["NOT_REQUIRED"],
    items: [
      "address",
      "customer_id",
      "full_name",
      "order_date",
      "order_history",
      "order_product",
      "phone",
      "postal_code",
      "prefecture",
    ],
    snapshot: {
      name: "株式会社ハヤテ物流 (Hayate Logistics Co., Ltd.)",
      address: "東京都江東区新木場2-8-1",
      representative: "代表取締役 速水 翔",
      country: "JP",
      legalBasis: "ENTRUSTEE",
    },
  },
  {
    id: "minato-card",
    purpose: "marketing",
    ground: "JOINT_USE",
    required: false,
    kinds: ["NOT_REQUIRED"],
    items: ["birth_date", "customer_id", "email", "full_name", "gender", "membership_tier", "prefecture"],
    snapshot: {
      name: "株式会社ミナトカードサービス (Minato Card Service Co., Ltd.)",
      address: "東京都港区芝浦1-1-1",
      representative: "代表取締役社長 港 健一",
      country: "JP",
      legalBasis: "JOINT_USE",
    },
  },
  {
    id: "aoba-life",
    purpose: "health_support",
    ground: "CONSENT",
    required: true,
    kinds: ["CONSENT"],
    items: ["birth_date", "customer_id", "email", "full_name", "gender", "phone"],
    snapshot: {
      name: "アオバ生命保険株式会社 (Aoba Life Insurance Co., Ltd.)",
      address: "宮城県仙台市青葉区一番町4-6-1",
      representative: "代表取締役 青葉 誠",
      country: "JP",
      legalBasis: "THIRD_PARTY_CONSENT",
    },
  },
  {
    id: "tokai-direct",
    purpose: "mailing_list",
    ground: "OPT_OUT",
    required: true,
    kinds: ["OPT_OUT"],
    items: ["address", "full_name", "postal_code", "prefecture"],
    snapshot: {
      name: "東海ダイレクトメール株式会社 (Tokai Direct Mail Co., Ltd.)",
      address: "愛知県名古屋市中区栄3-5-12",
      representative: "代表取締役 東 美香",
      country: "JP",
      legalBasis: "OPT_OUT",
    },
  },
] as const;

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** CASE over the event number's recipient (seq % 4). */
const byRecipient = (seq: string, value: (r: (typeof RECIPIENTS)[number]) => string) =>
  `CASE ${seq} % ${RECIPIENTS.length} ${RECIPIENTS.map((r, k) => `WHEN ${k} THEN ${value(r)}`).join(" ")} END`;

interface Dialect {
  json: (value: unknown) => string;
  bool: (b: boolean) => string;
  series: (name: string, first: number, last: number) => { with: string; from: string };
  /** A timestamp `seconds` after 2025-01-01, and three years after it. */
  at: (seconds: string) => string;
  keep: (seconds: string) => string;
  pad: (expr: string, width: number) => string;
  md5: (expr: string) => string;
}

const postgres: Dialect = {
  json: (v) => `${lit(JSON.stringify(v))}::jsonb`,
  bool: (b) => (b ? "true" : "false"),
  series: (name, first, last) => ({ with: "", from: `generate_series(${first}, ${last}) AS ${name}(i)` }),
  at: (s) => `(TIMESTAMP '2025-01-01 00:00:00' + make_interval(secs => ${s}))::timestamp(3)`,
  keep: (s) => `(TIMESTAMP '2028-01-01 00:00:00' + make_interval(secs => ${s}))::timestamp(3)`,
  pad: (expr, width) => `lpad((${expr})::text, ${width}, '0')`,
  md5: (expr) => `md5((${expr})::text)`,
};

const sqlite: Dialect = {
  json: (v) => lit(JSON.stringify(v)),
  bool: (b) => (b ? "1" : "0"),
  series: (name, first, last) => ({
    with: `${name}(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM ${name} WHERE i < ${last})`,
    from: name,
  }),
  // Prisma keeps SQLite DateTimes as ISO text with milliseconds and +00:00.
  at: (s) => `strftime('%Y-%m-%dT%H:%M:%f', '2025-01-01', '+' || (${s}) || ' seconds') || '+00:00'`,
  keep: (s) => `strftime('%Y-%m-%dT%H:%M:%f', '2028-01-01', '+' || (${s}) || ' seconds') || '+00:00'`,
  pad: (expr, width) => `printf('%0${width}d', ${expr})`,
  md5: (expr) => `lower(hex(randomblob(16))) || printf('%016x', ${expr})`,
};

/** The statements that fill an empty ProvisionEvent and ProvisionRecordPerson with `rows` rows. */
function generationStatements(engine: Engine, rows: number): string[] {
  const g = engine === "postgresql" ? postgres : sqlite;
  const events = rows / PEOPLE_PER_EVENT;
  const stride = events / TARGET_RECORDS;
  const pool = rows / 10;
  const twoYears = 2 * 365 * 24 * 3600;
  const seconds = `(e.i * ${twoYears}.0 / ${events})`;
  const ev = g.series("e", 1, events);
  const k = g.series("k", 0, PEOPLE_PER_EVENT - 1);
  const recursive = engine === "sqlite" ? "WITH RECURSIVE " : "";
  return [
    `${recursive}${ev.with}
     INSERT INTO "ProvisionEvent" ("seq", "id", "at", "recipientId", "recipientSnapshot", "purposeCode", "ground",
       "legallyRequired", "recordKinds", "country", "foreignRoute", "apiKeyId", "requestId", "operationHash",
       "rootField", "items", "personCount", "keepUntil", "prevHash", "hash", "chainSeq")
     SELECT e.i, '${MARKER}-' || e.i, ${g.at(seconds)},
       ${byRecipient("e.i", (r) => lit(r.id))},
       ${byRecipient("e.i", (r) => g.json({ id: r.id, ...r.snapshot, foreignRoute: null }))},
       ${byRecipient("e.i", (r) => lit(r.purpose))},
       ${byRecipient("e.i", (r) => lit(r.ground))},
       ${byRecipient("e.i", (r) => g.bool(r.required))},
       ${byRecipient("e.i", (r) => g.json(r.kinds))},
       'JP', NULL, 'bench', 'bench-' || e.i, ${g.md5("e.i")}, 'people',
       ${byRecipient("e.i", (r) => g.json(r.items))},
       ${PEOPLE_PER_EVENT}, ${g.keep(seconds)}, ${g.md5("e.i - 1")}, ${g.md5("e.i")}, e.i
     FROM ${ev.from}`,
    `${recursive}${[ev.with, k.with].filter(Boolean).join(", ")}
     INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt")
     SELECT e.i,
       CASE WHEN k.i = 0 AND e.i % ${stride} = 0 THEN '${TARGET_PERSON}'
            ELSE 'X' || ${g.pad(`((e.i - 1) * ${PEOPLE_PER_EVENT} + k.i) % ${pool}`, 7)} END,
       ${byRecipient("e.i", (r) => g.json(r.items))},
       NULL, ${g.at(seconds)}
     FROM ${ev.from} CROSS JOIN ${k.from}`,
  ];
}

const INDEX = `CREATE INDEX "ProvisionRecordPerson_personId_eventSeq_idx" ON "ProvisionRecordPerson"("personId", "eventSeq")`;
const DROP_INDEX = `DROP INDEX "ProvisionRecordPerson_personId_eventSeq_idx"`;

function repositoryMigrations(engine: Engine): string[] {
  return readdirSync(join(root, "prisma", engine, "migrations"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

interface Counts {
  rows: number;
  target: number;
  marker: string | null;
}

async function counts(engine: Engine, url: string): Promise<Counts> {
  const sql = [
    `SELECT COUNT(*) AS n FROM "ProvisionRecordPerson"`,
    `SELECT COUNT(*) AS n FROM "ProvisionRecordPerson" WHERE "personId" = '${TARGET_PERSON}'`,
    `SELECT "id" AS n FROM "ProvisionEvent" WHERE "seq" = 1`,
  ];
  if (engine === "postgresql") {
    return onPostgres(new URL(url).pathname.slice(1), async (c) => {
      const results = [];
      for (const q of sql) results.push(await c.query<{ n: string }>(q));
      const [rows, target, marker] = results;
      return {
        rows: Number(rows?.rows[0]?.n ?? 0),
        target: Number(target?.rows[0]?.n ?? 0),
        marker: marker?.rows[0]?.n ?? null,
      };
    });
  }
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    const get = (q: string) => (db.prepare(q).get() as { n: number | string } | undefined)?.n;
    return {
      rows: Number(get(sql[0] as string)),
      target: Number(get(sql[1] as string)),
      marker: String(get(sql[2] as string) ?? ""),
    };
  } finally {
    db.close();
  }
}

async function kept(engine: Engine, rows: number): Promise<boolean> {
  const name = recordsDbName(rows);
  const url = urlFor(engine, name);
  try {
    if (engine === "postgresql") {
      const exists = await onPostgres("postgres", (c) =>
        c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]),
      );
      if (exists.rowCount === 0) return false;
    } else if (!existsSync(sqliteUrl(name).replace(/^file:/, ""))) return false;
    const applied = await appliedMigrations(engine, url);
    if (applied.join() !== repositoryMigrations(engine).join()) return false;
    const c = await counts(engine, url);
    return c.rows === rows && c.target === TARGET_RECORDS && c.marker === `${MARKER}-1`;
  } catch {
    return false;
  }
}

export interface RecordsDb {
  url: string;
  rows: number;
  reused: boolean;
  /** Seconds spent making it (0 when reused). */
  seconds: number;
}

/** A database with `rows` provision-record rows, kept from an earlier run or made now. */
export async function recordsDb(
  engine: Engine,
  rows: number,
  log: (line: string) => void,
): Promise<RecordsDb> {
  if (rows % 10_000 !== 0) throw new Error(`Record rows must be a multiple of 10,000; got ${rows}.`);
  const name = recordsDbName(rows);
  const rebuild = ["1", "on", "true", "yes"].includes((process.env.BENCH_REBUILD ?? "").toLowerCase());
  if (!rebuild && (await kept(engine, rows)))
    return { url: urlFor(engine, name), rows, reused: true, seconds: 0 };
  const started = performance.now();
  log(`  making ${name} on ${engine} (${rows.toLocaleString("en-US")} record rows; kept for later runs)`);
  const url = await seededDatabase(engine, name);
  const statements = generationStatements(engine, rows);
  if (engine === "postgresql") {
    await onPostgres(name, async (c) => {
      await c.query(
        "SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'",
      );
      // Foreign-key checks of 10M rows against events just inserted cost more than the
      // insert; the session skips them when it may (a superuser), and checks nothing else.
      await c.query("SET session_replication_role = replica").catch(() => undefined);
      // The two years' month partitions (decision 0066), so no row lands in the default one.
      await c.query(`SELECT teikyo_record_partitions_ahead('2025-01-01', 24)`);
      await c.query(DROP_INDEX);
      for (const statement of statements) await c.query(statement);
      await c.query(INDEX);
      await c.query(
        `SELECT setval(pg_get_serial_sequence('"ProvisionEvent"', 'seq'), (SELECT max("seq") FROM "ProvisionEvent"))`,
      );
      await c.query("SET session_replication_role = DEFAULT").catch(() => undefined);
      await c.query(`VACUUM ANALYZE "ProvisionEvent"`);
      await c.query(`VACUUM ANALYZE "ProvisionRecordPerson"`);
    });
  } else {
    const db = new Database(url.replace(/^file:/, ""));
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = OFF");
      db.pragma("cache_size = -1000000");
      db.pragma("foreign_keys = OFF");
      db.exec(DROP_INDEX);
      for (const statement of statements) db.exec(statement);
      db.exec(INDEX);
      db.exec("ANALYZE");
      // Back to the default journal, as the gateway's connections find any database.
      db.pragma("journal_mode = DELETE");
    } finally {
      db.close();
    }
  }
  const c = await counts(engine, url);
  if (c.rows !== rows || c.target !== TARGET_RECORDS)
    throw new Error(
      `${name}: made ${c.rows} rows with ${c.target} for ${TARGET_PERSON}, expected ${rows} and ${TARGET_RECORDS}.`,
    );
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  log(`  made ${name} in ${seconds} s`);
  return { url, rows, reused: false, seconds };
}
