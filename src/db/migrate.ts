/**
 * Applies the committed migrations with `prisma migrate deploy` (wasm schema engine, no
 * download): `npm run teikyo -- db migrate` in production, on start only for the embedded
 * default or when TEIKYO_MIGRATE_ON_START=on. Several replicas may run it at once: on
 * PostgreSQL each first waits for a session advisory lock of Teikyo's own (Prisma's lock
 * gives up after 10 s with P1002), so the first migrates and the others find nothing to do.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { type Provider, providerOf } from "./database-url.js";
import { installPostgresGuards } from "./postgres-guards.js";
import { partitionRecordTables } from "./record-partitions.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Teikyo's migration lock ("TEIKYOMG"), distinct from Prisma's own advisory lock. */
const MIGRATION_LOCK = 0x5445494b594f4d47n;

export class MigrationError extends Error {
  override name = "MigrationError";
}

async function deploy(url: string): Promise<void> {
  const prisma = join(root, "node_modules", ".bin", "prisma");
  try {
    await promisify(execFile)(prisma, ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    // The wasm engine reports a locked SQLite file as an unknown "SocketTimeout" variant.
    if (providerOf(url) === "sqlite" && /SocketTimeout|database is locked|SQLITE_BUSY/i.test(output))
      throw new MigrationError(
        "Database migration failed: the SQLite file is busy (a running server or CLI holds its write lock). " +
          "Stop the server, run `npm run teikyo -- db migrate`, then start it again.",
      );
    throw new MigrationError(`Database migration failed:\n${output}`);
  }
}

export async function migrate(url: string): Promise<void> {
  if (providerOf(url) === "sqlite") return deploy(url);
  const session = new pg.Client({ connectionString: url });
  await session.connect();
  try {
    // Waits as long as another replica migrates; released when this session ends.
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK.toString()]);
    await deploy(url);
    await afterMigrations(session);
  } finally {
    await session.end();
  }
}

/**
 * What follows the migrations on PostgreSQL: the guards, then every record row in its month
 * and the months ahead made, then those partitions' TRUNCATE guards.
 */
export async function afterMigrations(session: pg.ClientBase): Promise<void> {
  await installPostgresGuards(session);
  await partitionRecordTables(session);
  await installPostgresGuards(session);
}

/** Migration directory names committed for a provider, oldest first. */
export function committedMigrations(provider: Provider): string[] {
  return readdirSync(join(root, "prisma", provider, "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
