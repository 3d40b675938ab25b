/**
 * Prepares one test database for the run: SQLite in a temp file by default, or the
 * PostgreSQL database DATABASE_URL names (its name must contain "test": it is wiped).
 * Migrates it with the real migrations and fills it with the demo world.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDb } from "../src/db/client.js";
import { providerOf } from "../src/db/database-url.js";
import { migrate } from "../src/db/migrate.js";
import { seedDemoWorld } from "../src/demo/seed.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

async function resetPostgres(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.includes("test")) {
    throw new Error(
      `Refusing to wipe PostgreSQL database "${name}": tests need a database whose name contains "test".`,
    );
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const given = process.env.DATABASE_URL?.trim();
  let url: string;
  let cleanup = () => {};
  if (given && providerOf(given) === "postgresql") {
    url = given;
    await resetPostgres(url);
  } else {
    const dir = mkdtempSync(join(tmpdir(), "teikyo-test-"));
    url = `file:${join(dir, "test.db")}`;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  await migrate(url);
  const db = await createDb(url);
  await seedDemoWorld(db);
  await db.$disconnect();
  project.provide("databaseUrl", url);
  return cleanup;
}
