/**
 * SIGTERM under load: the server stops accepting, every request already in flight is
 * answered (none loses its connection), their records commit, and the records equal the
 * responses delivered. Then the process exits 0.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { databaseUrl } from "../helpers.js";
import { DEMO_KEYS, demoKeyString } from "../../src/demo/keys.js";
import { freshPostgres, isPostgres, startServer } from "./server-process.js";

const testUrl = databaseUrl();
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freshDatabase(): Promise<string> {
  if (isPostgres(testUrl)) {
    const db = await freshPostgres(testUrl, "drain");
    cleanups.push(db.drop);
    return db.url;
  }
  const dir = mkdtempSync(join(tmpdir(), "teikyo-drain-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return `file:${join(dir, "teikyo.db")}`;
}

describe("graceful shutdown", { timeout: 300_000 }, () => {
  it("SIGTERM under load loses no in-flight request, and records equal delivered responses", async () => {
    const url = await freshDatabase();
    // A grace period no loaded CI machine reaches: this test is about losing nothing, not speed.
    const server = await startServer({
      DATABASE_URL: url,
      TEIKYO_MIGRATE_ON_START: "on",
      TEIKYO_DEMO: "on",
      TEIKYO_SHUTDOWN_GRACE_MS: "120000",
      // One key's load from 16 clients: the per-key limits would answer some of it 429.
      TEIKYO_RATE_LIMIT_PER_KEY: "1000000",
      TEIKYO_PEOPLE_LIMIT_PER_KEY: "100000000",
      TEIKYO_CONCURRENT_PER_KEY: "64",
    });
    const key = demoKeyString(DEMO_KEYS[0]!);
    const query = `{ people(purpose: "delivery", first: 50) { edges { node { fullName address phone orders { product } } } } }`;
    let stopping = false;
    const outcomes: (number | string)[] = [];
    const worker = async () => {
      while (!stopping) {
        const outcome = await fetch(server.url(), {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ query }),
        }).then(
          async (res) =>
            ((await res.json()) as { data?: unknown }).data && res.status === 200 ? 200 : res.status,
          (error: Error) => `lost: ${(error.cause as Error | undefined)?.message ?? error.message}`,
        );
        outcomes.push(outcome);
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    // Load for a while, then SIGTERM while requests are in flight.
    while (outcomes.length < 40) await new Promise((r) => setTimeout(r, 50));
    stopping = true;
    server.child.kill("SIGTERM");
    await Promise.all(workers);
    const code = await server.exited;

    expect(outcomes.filter((o) => o !== 200)).toEqual([]);
    expect(code).toBe(0);
    expect(server.lines.join("\n")).toContain('"msg":"stopped"');
    const db = await createDb(url);
    try {
      expect(await db.provisionEvent.count()).toBe(outcomes.length);
    } finally {
      await db.$disconnect();
    }
  });
});
