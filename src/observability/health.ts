/**
 * Liveness and readiness for orchestrators and load balancers. /health says the process
 * answers (restart it if not). /ready says it can serve: the database answers within 2 s,
 * every committed migration is applied, the record writer is not stuck, and the process is
 * not draining; otherwise 503 with Retry-After and which check failed (never why in detail:
 * no host names or driver messages).
 */
import type { Db } from "../db/client.js";
import { pendingMigrations } from "../db/migration-status.js";
import { RETRY_AFTER_SECONDS, withTimeout } from "../hardening/database-unavailable.js";
import { recordWriterStuck } from "../modules/records/write-provisions.js";
import type { Route } from "../routes.js";

export interface Lifecycle {
  /** Set on SIGTERM: the load balancer should send no new requests. */
  draining: boolean;
}

type Check = "ok" | "failing";

const json = (status: number, body: object) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      ...(status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {}),
    },
  });

export function healthRoutes(db: Db, lifecycle: Lifecycle = { draining: false }): Route[] {
  // Migrations once found applied stay applied for this process's code.
  let migrated = false;
  const ready = async () => {
    const checks: Record<string, Check> = {
      database: "ok",
      migrations: "ok",
      recordWriter: "ok",
      draining: "ok",
    };
    try {
      await withTimeout(db.$queryRawUnsafe("SELECT 1"), 2_000, "readiness");
      if (!migrated) migrated = (await withTimeout(pendingMigrations(db), 2_000, "migrations")).length === 0;
      if (!migrated) checks.migrations = "failing";
    } catch {
      checks.database = "failing";
      checks.migrations = migrated ? "ok" : "failing";
    }
    if (recordWriterStuck(db)) checks.recordWriter = "failing";
    if (lifecycle.draining) checks.draining = "failing";
    const ok = Object.values(checks).every((c) => c === "ok");
    return json(ok ? 200 : 503, { status: ok ? "ready" : "unavailable", checks });
  };
  return [
    { path: "/health", handle: () => json(200, { status: "alive" }) },
    { path: "/ready", handle: ready },
  ];
}
