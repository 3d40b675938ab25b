/**
 * Starting as an operator does in production: no demo world without TEIKYO_DEMO=on, no
 * migration on start unless asked, `db migrate` from several replicas at once, several
 * servers starting together on one fresh database, and a long reader on the records that
 * does not make a restart stall record writes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { copyDatabase, databaseUrl } from "../helpers.js";
import { missingGuards } from "../../src/db/postgres-guards.js";
import { DEMO_KEYS, demoKeyString } from "../../src/demo/keys.js";
import {
  cli,
  freshPostgres,
  isPostgres,
  type ServerProcess,
  startServer,
  stopServer,
} from "./server-process.js";

const testUrl = databaseUrl();
const postgres = isPostgres(testUrl);
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freshDatabase(suffix: string): Promise<string> {
  if (postgres) {
    const db = await freshPostgres(testUrl, suffix);
    cleanups.push(db.drop);
    return db.url;
  }
  const dir = mkdtempSync(join(tmpdir(), "teikyo-start-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return `file:${join(dir, "teikyo.db")}`;
}

const hayate = demoKeyString(DEMO_KEYS[0]!);
const viewer = (server: ServerProcess, key: string) =>
  fetch(server.url(), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: "{ viewer { role } }" }),
  });

describe("production start", { timeout: 400_000 }, () => {
  it("refuses to serve an unmigrated database, then after db migrate starts without the demo world", async () => {
    const url = await freshDatabase("nodemo");
    await expect(startServer({ DATABASE_URL: url })).rejects.toMatchObject({ code: 1 });
    await cli({ DATABASE_URL: url }, "db", "migrate");
    const server = await startServer({ DATABASE_URL: url });
    try {
      expect(server.lines.join("\n")).toContain("keys create --role admin");
      expect(server.lines.join("\n")).not.toContain("Demo keys");
      expect((await viewer(server, hayate)).status).toBe(401);
    } finally {
      await stopServer(server);
    }
  });

  it("db migrate run by three replicas at once: all succeed, the second and third find nothing to do", async () => {
    const url = await freshDatabase("migrate3");
    const runs = await Promise.allSettled([1, 2, 3].map(() => cli({ DATABASE_URL: url }, "db", "migrate")));
    if (postgres) {
      expect(runs.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    } else {
      // SQLite: one file, one writer; a refused run says why, and a retry finds nothing to do.
      for (const r of runs)
        if (r.status === "rejected")
          expect(String((r.reason as { stderr?: string }).stderr)).toMatch(/busy|migrat/i);
      expect(runs.some((r) => r.status === "fulfilled")).toBe(true);
      await cli({ DATABASE_URL: url }, "db", "migrate");
    }
    if (postgres) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        expect(await missingGuards(client)).toEqual([]);
      } finally {
        await client.end();
      }
    }
  });

  it.runIf(postgres)(
    "three servers starting together on a fresh database all come up, with one demo world",
    async () => {
      const url = await freshDatabase("replicas");
      const env = { DATABASE_URL: url, TEIKYO_MIGRATE_ON_START: "on", TEIKYO_DEMO: "on" };
      const servers = await Promise.all([1, 2, 3].map(() => startServer(env, 240_000)));
      try {
        for (const s of servers) expect((await viewer(s, hayate)).status).toBe(200);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Purpose"`);
        await client.end();
        expect(rows[0].n).toBeGreaterThan(0);
      } finally {
        await Promise.all(servers.map((s) => stopServer(s)));
      }
    },
  );

  it.runIf(postgres)(
    "a long reader on the records does not stall record writes while a replica migrates and restarts",
    async () => {
      // An up-to-date database, as before a restart: a copy of this worker's migrated one.
      const copy = await copyDatabase(testUrl, "reader");
      cleanups.push(copy.drop);
      const url = copy.url;
      const reader = new pg.Client({ connectionString: url });
      const writer = new pg.Client({ connectionString: url });
      await reader.connect();
      await writer.connect();
      try {
        // A pg_dump or an export: a transaction holding ACCESS SHARE on the record tables.
        await reader.query("BEGIN");
        await reader.query(`SELECT count(*) FROM "ProvisionEvent"`);
        await reader.query(`SELECT count(*) FROM "ProvisionRecordPerson"`);
        let done = false;
        const migrating = cli({ DATABASE_URL: url }, "db", "migrate").finally(() => (done = true));
        // While it runs, nothing waits for a lock on the record tables (a queued DDL lock
        // would make every record insert wait behind the reader), and inserts go through.
        let waiting = 0;
        await writer.query("SET lock_timeout = '1s'");
        while (!done) {
          const { rows } = await writer.query(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname IN ('ProvisionEvent', 'ProvisionRecordPerson') AND NOT l.granted`,
          );
          waiting += rows[0].n;
          await writer
            .query(`BEGIN; LOCK TABLE "ProvisionEvent" IN ROW EXCLUSIVE MODE; COMMIT`)
            .catch(async () => {
              waiting++;
              await writer.query("ROLLBACK");
            });
          await new Promise((r) => setTimeout(r, 100));
        }
        await expect(migrating).resolves.toBeDefined();
        expect(waiting).toBe(0);
      } finally {
        await reader.query("ROLLBACK");
        await reader.end();
        await writer.end();
      }
    },
  );
});
