/**
 * Prepares the databases of one test project (e2e or slow): one migrated, seeded template
 * (SQLite in a temp file by default, or the PostgreSQL database DATABASE_URL names, whose
 * name must contain "test": it is wiped), then one copy per vitest worker, so test files
 * run in parallel without sharing state. A test finds its worker's copy with
 * `databaseUrl()` from test/helpers.ts.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
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
    /** One database per worker: index VITEST_POOL_ID - 1. */
    databaseUrls: string[];
    /** The migrated, seeded database the workers' copies were made from; nothing connects to it. */
    templateUrl: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function recreate(url: string, name: string, template?: string): Promise<void> {
  await onAdmin(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  });
}

async function prepareTemplate(url: string): Promise<void> {
  await migrate(url);
  const db = await createDb(url);
  await seedDemoWorld(db);
  if (providerOf(url) === "sqlite") await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.$disconnect();
}

export default async function setup(project: TestProject) {
  const workers = Math.max(1, project.config.maxWorkers || project.vitest.config.maxWorkers || 1);
  const given = process.env.DATABASE_URL?.trim();
  const urls: string[] = [];
  let templateUrl = "";
  let cleanup: () => Promise<void> | void = () => {};
  if (given && providerOf(given) === "postgresql") {
    const base = new URL(given).pathname.slice(1);
    if (!base.includes("test")) {
      throw new Error(
        `Refusing to wipe PostgreSQL database "${base}": tests need a database whose name contains "test".`,
      );
    }
    const template = `${base}_${project.name}`;
    await recreate(given, template);
    templateUrl = withDatabase(given, template);
    await prepareTemplate(templateUrl);
    const names = Array.from({ length: workers }, (_, i) => `${template}_${i + 1}`);
    for (const name of names) await recreate(given, name, template);
    urls.push(...names.map((name) => withDatabase(given, name)));
    cleanup = () =>
      onAdmin(given, async (client) => {
        for (const name of [...names, template])
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
  } else {
    const dir = mkdtempSync(join(tmpdir(), `teikyo-${project.name}-`));
    const template = join(dir, "template.db");
    templateUrl = `file:${template}`;
    await prepareTemplate(templateUrl);
    for (let i = 1; i <= workers; i++) {
      const file = join(dir, `worker-${i}.db`);
      copyFileSync(template, file);
      urls.push(`file:${file}`);
    }
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide("databaseUrls", urls);
  project.provide("templateUrl", templateUrl);
  return cleanup;
}
