/**
 * Fresh benchmark databases: a SQLite file in a temp directory, or a PostgreSQL database that
 * is dropped and created again. Each is migrated, seeded with the demo world (1,000 people,
 * the catalog, the demo keys) and filled up in SQL to the size asked for.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createDb, type Db } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedDemoWorld } from "../../src/demo/seed.js";
import {
  dropStagingStatements,
  lookupStatements,
  orderStatements,
  peopleStatements,
  type Engine,
} from "./generate-sql.js";
import { benchDbName } from "./bench-env.js";

/** People the demo seed writes; the rest are generated in SQL. */
export const SEEDED_PEOPLE = 1000;

export interface GenerationReport {
  engine: Engine;
  size: number;
  url: string;
  /** Seconds per step. */
  seconds: { migrateAndSeed: number; people: number; orders: number; analyze: number; total: number };
  rows: { people: number; orders: number };
  /** The database's size on disk after ANALYZE. */
  bytes: number;
  notes: string[];
}

/** "100k", "1m", "2500". */
export function sizeLabel(size: number): string {
  if (size % 1_000_000 === 0) return `${size / 1_000_000}m`;
  if (size % 1000 === 0) return `${size / 1000}k`;
  return String(size);
}

export const DEFAULT_PG_BASE = "postgresql://postgres@127.0.0.1:5432";

function pgUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export const pgDatabaseName = (size: number) => benchDbName(`stats_${sizeLabel(size)}`);

/** Null when the server answers; otherwise why not. */
export async function postgresProblem(base: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: pgUrl(base, "postgres"), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function onPostgresAdmin(base: string, statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl(base, "postgres") });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

export async function dropPostgresDatabase(base: string, size: number): Promise<void> {
  await onPostgresAdmin(base, [`DROP DATABASE IF EXISTS "${pgDatabaseName(size)}" WITH (FORCE)`]);
}

async function freshPostgresDatabase(base: string, size: number): Promise<string> {
  const name = pgDatabaseName(size);
  await onPostgresAdmin(base, [
    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
    `CREATE DATABASE "${name}"`,
  ]);
  return pgUrl(base, name);
}

export function sqliteDirectory(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "teikyo-bench-stats-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;

/** Runs statements one by one on one connection (temp tables live as long as it). */
interface Session {
  run(statement: string): Promise<void>;
  count(table: string): Promise<number>;
  /** Runs `load` while "Order" has no keys or indexes where that is faster, then rebuilds them. */
  bulkLoadOrders(load: () => Promise<void>): Promise<void>;
  /** Anything about the database's state the report should mention. */
  check(): Promise<string[]>;
  close(): Promise<void>;
}

async function sqliteSession(db: Db): Promise<Session> {
  // The generating connection only: no fsync, a large page cache, temp tables in memory, and
  // the rollback journal in memory instead of the WAL createDb turns on (a bulk load through
  // the WAL writes every page twice). close() turns WAL back on, as the gateway expects it.
  // The benchmark opens its own connections with the gateway's defaults.
  const pragmas = [
    "journal_mode = MEMORY",
    "synchronous = OFF",
    "cache_size = -1000000",
    "temp_store = MEMORY",
  ];
  for (const pragma of pragmas) await db.$queryRawUnsafe(`PRAGMA ${pragma}`);
  return {
    run: async (statement) => {
      await db.$executeRawUnsafe(statement);
    },
    count: async (table) => {
      const [row] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(
        `SELECT COUNT(*) AS n FROM "${table}"`,
      );
      return Number(row?.n ?? 0);
    },
    // SQLite cannot drop a primary key; rebuilding the one other index saves little.
    bulkLoadOrders: (load) => load(),
    check: async () => [],
    close: async () => {
      await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    },
  };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Drops "Order"'s primary key, indexes and foreign keys for a bulk load and rebuilds them
 * from their catalog definitions afterwards: three times faster than maintaining two
 * randomly ordered B-trees and a foreign-key check per row, and the rebuilt foreign key
 * still checks every row. Skipped if another table references "Order".
 */
async function bulkLoadPostgresOrders(client: pg.Client, load: () => Promise<void>): Promise<void> {
  const referenced = await client.query(`SELECT 1 FROM pg_constraint WHERE confrelid = '"Order"'::regclass`);
  if (referenced.rowCount) return load();
  const constraints = await client.query<{ name: string; def: string; type: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype AS type FROM pg_constraint
     WHERE conrelid = '"Order"'::regclass AND contype IN ('p', 'u', 'f')`,
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = '"Order"'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
  );
  const keys = constraints.rows.filter((c) => c.type !== "f");
  const foreign = constraints.rows.filter((c) => c.type === "f");
  for (const c of [...foreign, ...keys])
    await client.query(`ALTER TABLE "Order" DROP CONSTRAINT ${ident(c.name)}`);
  for (const i of indexes.rows) await client.query(`DROP INDEX ${ident(i.name)}`);
  try {
    await load();
  } finally {
    for (const c of keys) await client.query(`ALTER TABLE "Order" ADD CONSTRAINT ${ident(c.name)} ${c.def}`);
    for (const i of indexes.rows) await client.query(i.def);
    for (const c of foreign)
      await client.query(`ALTER TABLE "Order" ADD CONSTRAINT ${ident(c.name)} ${c.def}`);
  }
}

async function postgresSession(url: string): Promise<Session> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Settings of this session only; the server's configuration is left as it is.
  await client.query(
    "SET synchronous_commit = off; SET temp_buffers = '512MB'; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'",
  );
  return {
    run: async (statement) => {
      await client.query(statement);
    },
    count: async (table) => {
      const result = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}"`);
      return Number(result.rows[0]?.n ?? 0);
    },
    bulkLoadOrders: (load) => bulkLoadPostgresOrders(client, load),
    check: () => visibilityNotes(client),
    close: () => client.end(),
  };
}

/**
 * VACUUM cannot mark pages all-visible while another session's snapshot is older than the
 * load (the server is shared); index-only scans then still visit the heap, and the figures
 * are worse than a quiet server's. Says so, per table.
 */
async function visibilityNotes(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ name: string; pages: number; visible: number }>(
    `SELECT relname AS name, relpages AS pages, relallvisible AS visible FROM pg_class
     WHERE oid IN ('"Person"'::regclass, '"Order"'::regclass)`,
  );
  return result.rows
    .filter((r) => r.pages > 0 && r.visible < 0.99 * r.pages)
    .map(
      (r) =>
        `only ${Math.round((100 * r.visible) / r.pages)}% of "${r.name}" pages are all-visible after VACUUM (an older snapshot was open elsewhere)`,
    );
}

/** VACUUM again, later (another session's old snapshot may be gone by then); what is still not all-visible. */
export async function vacuumAgain(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`VACUUM "Person", "Order"`);
    return await visibilityNotes(client);
  } finally {
    await client.end();
  }
}

export interface PrepareOptions {
  engine: Engine;
  size: number;
  /** SQLite: the directory for the file; PostgreSQL: the server's base URL. */
  sqliteDir?: string;
  pgBase?: string;
  log: (line: string) => void;
}

/** A fresh database of `size` people (the demo's 1,000 included), migrated, seeded and analyzed. */
export async function prepareDatabase(options: PrepareOptions): Promise<GenerationReport> {
  const { engine, size, log } = options;
  if (size < SEEDED_PEOPLE) throw new Error(`A benchmark database needs at least ${SEEDED_PEOPLE} people.`);
  const started = performance.now();
  let url: string;
  if (engine === "sqlite") {
    if (!options.sqliteDir) throw new Error("prepareDatabase: sqliteDir is required for SQLite");
    url = `file:${join(options.sqliteDir, `stats-${sizeLabel(size)}.db`)}`;
  } else {
    url = await freshPostgresDatabase(options.pgBase ?? DEFAULT_PG_BASE, size);
  }
  await migrate(url);
  const db = await createDb(url);
  let session: Session | undefined;
  try {
    if (!(await seedDemoWorld(db, { people: SEEDED_PEOPLE })))
      throw new Error(`${url} was not empty: the demo seed did nothing.`);
    const migrateAndSeed = seconds(started);
    log(`  migrated and seeded in ${migrateAndSeed} s`);

    session = engine === "sqlite" ? await sqliteSession(db) : await postgresSession(url);
    let step = performance.now();
    for (const statement of [...lookupStatements(), ...peopleStatements(engine, SEEDED_PEOPLE + 1, size)])
      await session.run(statement);
    const people = seconds(step);
    log(`  ${size - SEEDED_PEOPLE} people generated in ${people} s`);

    step = performance.now();
    const { stage, insert } = orderStatements(engine);
    await session.run(stage);
    const generating = session;
    await session.bulkLoadOrders(() => generating.run(insert));
    for (const statement of dropStagingStatements) await session.run(statement);
    const orders = seconds(step);
    log(`  orders generated in ${orders} s`);

    step = performance.now();
    // PostgreSQL: VACUUM also sets the visibility map and hint bits, as autovacuum would
    // have on a live database, so the first measured query does not pay for them.
    await session.run(engine === "sqlite" ? "ANALYZE" : "VACUUM (ANALYZE)");
    const analyze = seconds(step);
    log(`  ${engine === "sqlite" ? "ANALYZE" : "VACUUM (ANALYZE)"} in ${analyze} s`);
    const notes = await session.check();
    for (const note of notes) log(`  NOTE: ${note}`);

    const rows = { people: await session.count("Person"), orders: await session.count("Order") };
    if (rows.people !== size) throw new Error(`Expected ${size} people in ${url}, found ${rows.people}.`);
    const bytes = await databaseBytes(engine, url, db);
    return {
      engine,
      size,
      url,
      seconds: { migrateAndSeed, people, orders, analyze, total: seconds(started) },
      rows,
      bytes,
      notes,
    };
  } finally {
    await session?.close();
    await db.$disconnect();
  }
}

async function databaseBytes(engine: Engine, url: string, db: Db): Promise<number> {
  if (engine === "sqlite") return statSync(url.replace(/^file:/, "")).size;
  const [row] = await db.$queryRawUnsafe<{ bytes: bigint | number }[]>(
    "SELECT pg_database_size(current_database()) AS bytes",
  );
  return Number(row?.bytes ?? 0);
}
