/**
 * The gateway benchmark's databases, on PostgreSQL (BENCH_PG_URL, default
 * postgresql://postgres@127.0.0.1:5432) and SQLite (files under BENCH_CACHE_DIR, default
 * node_modules/.cache/teikyo-bench). Every name starts with BENCH_DB_PREFIX (teikyo_bench_) and none is a
 * database of the application or the tests:
 *
 * - teikyo_bench_gateway: the demo world with 2,000 people, made afresh each run; Teikyo and
 *   the control serve it (the partner query, the scaling scenario).
 * - teikyo_bench_write: empty, made afresh each run; the record-writing scenario appends to it.
 * - teikyo_bench_records_<size>: provision records for the disclosure lookup, kept between
 *   runs (bench/lib/gw-records-data.ts).
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb, type Db } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { seedDemoWorld } from "../../src/demo/seed.js";
import { benchDbName, isBenchDb } from "./bench-env.js";

export type Engine = "postgresql" | "sqlite";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

export const pgBase = () => process.env.BENCH_PG_URL?.trim() || "postgresql://postgres@127.0.0.1:5432";
export const cacheDir = () =>
  process.env.BENCH_CACHE_DIR?.trim() || join(root, "node_modules", ".cache", "teikyo-bench");

/** People in the gateway database: enough for a 1,000-person request after exclusions. */
export const GATEWAY_PEOPLE = 2000;

export function pgUrl(database: string): string {
  const url = new URL(pgBase());
  url.pathname = `/${database}`;
  return url.toString();
}

export function sqliteUrl(name: string): string {
  return `file:${join(cacheDir(), `${name}.db`)}`;
}

export function urlFor(engine: Engine, name: string): string {
  return engine === "postgresql" ? pgUrl(name) : sqliteUrl(name);
}

/** Null when PostgreSQL answers; otherwise why not. */
export async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: pgUrl("postgres"), connectionTimeoutMillis: 5000 });
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

export async function onPostgres<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(engine: Engine, name: string): Promise<void> {
  if (!isBenchDb(name)) throw new Error(`Refusing to drop ${name}: not a benchmark database.`);
  if (engine === "postgresql") {
    await onPostgres("postgres", (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    return;
  }
  const file = sqliteUrl(name).replace(/^file:/, "");
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

/** An empty database of that name, migrated. */
export async function freshDatabase(engine: Engine, name: string): Promise<string> {
  await dropDatabase(engine, name);
  if (engine === "postgresql") await onPostgres("postgres", (c) => c.query(`CREATE DATABASE "${name}"`));
  else mkdirSync(cacheDir(), { recursive: true });
  const url = urlFor(engine, name);
  await migrate(url);
  return url;
}

const TEMPLATE = benchDbName("template");
const templates = new Map<Engine, Promise<string>>();

/**
 * The demo world (1,000 people), migrated and seeded once per run and engine; the other
 * databases start as copies of it (CREATE DATABASE ... TEMPLATE, or a file copy), which is
 * much faster than migrating and seeding each.
 */
function template(engine: Engine): Promise<string> {
  let made = templates.get(engine);
  if (!made) {
    made = (async () => {
      const url = await freshDatabase(engine, TEMPLATE);
      const db = await createDb(url);
      try {
        if (!(await seedDemoWorld(db))) throw new Error(`${url}: the seed did nothing`);
      } finally {
        await db.$disconnect();
      }
      return url;
    })();
    templates.set(engine, made);
  }
  return made;
}

/** A copy of the seeded demo world under that name. */
export async function seededDatabase(engine: Engine, name: string): Promise<string> {
  const source = await template(engine);
  await dropDatabase(engine, name);
  if (engine === "postgresql") {
    await onPostgres("postgres", (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`));
  } else {
    copyFileSync(source.replace(/^file:/, ""), sqliteUrl(name).replace(/^file:/, ""));
  }
  return urlFor(engine, name);
}

/** Drops the template at the end of a run. */
export async function dropTemplates(): Promise<void> {
  for (const engine of templates.keys()) await dropDatabase(engine, TEMPLATE);
  templates.clear();
}

/** The column names of a table, in order. */
async function columnsOf(db: Db, engine: Engine, table: string): Promise<string[]> {
  const rows =
    engine === "postgresql"
      ? await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
          table,
        )
      : await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${table}')`);
  return rows.map((r) => r.name);
}

/**
 * The demo seed's people (and their orders) once more under customer numbers D000001...,
 * copied in SQL: the seed writes its people in one interactive transaction, which Prisma
 * ends after 5 s, too short for more people on a busy machine. The copies have the
 * originals' data but none of their consents, opt-outs or suspensions.
 */
async function copyPeople(db: Db, engine: Engine): Promise<void> {
  const newId = (column: string) => `'D' || substr(${column}, 2)`;
  const people = await columnsOf(db, engine, "Person");
  const orders = await columnsOf(db, engine, "Order");
  const list = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");
  const select = (columns: string[], idColumns: string[]) =>
    columns.map((c) => (idColumns.includes(c) ? newId(`"${c}"`) : `"${c}"`)).join(", ");
  await db.$executeRawUnsafe(
    `INSERT INTO "Person" (${list(people)}) SELECT ${select(people, ["id"])} FROM "Person" WHERE "id" LIKE 'C%'`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Order" (${list(orders)}) SELECT ${select(orders, ["id", "personId"])} FROM "Order" WHERE "personId" LIKE 'C%'`,
  );
}

/** The demo world with GATEWAY_PEOPLE people, analyzed as a live database would be. */
export async function prepareGatewayDb(engine: Engine, name = benchDbName("gateway")): Promise<string> {
  const url = await seededDatabase(engine, name);
  const db = await createDb(url);
  try {
    await copyPeople(db, engine);
    const people = await db.person.count();
    if (people !== GATEWAY_PEOPLE) throw new Error(`${url}: ${people} people, expected ${GATEWAY_PEOPLE}`);
    await db.$executeRawUnsafe(engine === "postgresql" ? "VACUUM ANALYZE" : "ANALYZE");
  } finally {
    await db.$disconnect();
  }
  return url;
}

/** The migrations in the repository, in order (a cached database must have exactly these). */
export async function appliedMigrations(engine: Engine, url: string): Promise<string[]> {
  const sql = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
  if (engine === "postgresql") {
    const name = new URL(url).pathname.slice(1);
    return onPostgres(name, async (c) =>
      (await c.query<{ migration_name: string }>(sql)).rows.map((r) => r.migration_name),
    );
  }
  const db = await createDb(url);
  try {
    return (await db.$queryRawUnsafe<{ migration_name: string }[]>(sql)).map((r) => r.migration_name);
  } finally {
    await db.$disconnect();
  }
}
