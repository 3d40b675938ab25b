/**
 * Liveness and readiness, and a database outage answered as one: /health is 200 while the
 * process runs; /ready is 200 only when the database answers and is migrated, else 503
 * with Retry-After; a GraphQL request while the database is down is 503
 * SERVICE_UNAVAILABLE with Retry-After, never 200 with nulls or a 500.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { healthRoutes } from "../../src/observability/health.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "teikyo-ready-"));
const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.$disconnect().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

function gateway(db: Db, draining = false) {
  const yoga = createTeikyo({ db, clock: () => NOW, routes: healthRoutes(db, { draining }) });
  return (path: string, init?: RequestInit) => yoga.fetch(`http://teikyo.test${path}`, init ?? {});
}

const downs: [string, () => Promise<Db>][] = [
  ["PostgreSQL on a closed port", () => createDb("postgresql://postgres@127.0.0.1:1/teikyo_i11_down_test")],
  ["SQLite file with no tables (not migrated)", () => createDb(`file:${join(dir, "empty.db")}`)],
];

describe("health and readiness", () => {
  it("a migrated, reachable database is ready; /health is alive", async () => {
    const get = gateway(await testDb());
    const health = await get("/health");
    expect(health.status).toBe(200);
    const ready = await get("/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ready",
      checks: { database: "ok", migrations: "ok", recordWriter: "ok", draining: "ok" },
    });
  });

  it("a draining process is not ready, so the load balancer stops sending to it", async () => {
    const ready = await gateway(await testDb(), true)("/ready");
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: object }).checks).toMatchObject({ draining: "failing" });
  });

  it.each(downs)(
    "%s: /ready is 503, /health 200, and queries 503 SERVICE_UNAVAILABLE with Retry-After",
    async (_name, open) => {
      const db = await open();
      opened.push(db);
      const get = gateway(db);
      expect((await get("/health")).status).toBe(200);
      const ready = await get("/ready");
      expect(ready.status).toBe(503);
      expect(ready.headers.get("retry-after")).toBe("5");
      const body = (await ready.json()) as { checks: Record<string, string> };
      expect(body.checks.migrations).toBe("failing");

      for (const [key, query] of [
        [
          demoKey("hayate-logistics"),
          `{ people(purpose: "delivery", first: 2) { edges { node { fullName } } } }`,
        ],
        [demoKey("compliance"), "{ provisionRecords { nodes { id } } }"],
      ] as const) {
        const res = await get("/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ query }),
        });
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        const json = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect(json.data ?? null).toBeNull();
        expect(json.errors[0]!.extensions.code).toBe("SERVICE_UNAVAILABLE");
      }
    },
  );
});
