/**
 * A real full disk under SQLite: the database file on a small tmpfs, filled to the last
 * byte. Partner queries then get 503 with Retry-After and no data (their record cannot be
 * written: PROVISION_RECORD_FAILED, reason DATABASE_UNAVAILABLE), other writes 503
 * SERVICE_UNAVAILABLE, and once the space is freed the next queries succeed and their
 * records are written: nothing hangs behind a transaction that SQLite had already rolled
 * back (the adapter's lock, src/db/sqlite-adapter.ts). A hang fails by the test's timeout.
 * SQLite only; needs root to mount the tmpfs, and says why it skips otherwise.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteFilePath } from "../../src/db/adapter.js";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { databaseUrl, demoKey } from "../helpers.js";
import { gateway, postJson } from "../robustness-helpers.js";

const url = databaseUrl();
const hayate = demoKey("hayate-logistics");
const QUERY = `{ people(purpose: "delivery", first: 2) { edges { node { id fullName } } } }`;

/** Why this machine cannot run the test, or null when it can (root, and tmpfs mounts). */
function cannotRun(): string | null {
  if (providerOf(url) !== "sqlite")
    return "a full disk is tested on SQLite (PostgreSQL's disk is its server's)";
  if (process.getuid?.() !== 0) return "mounting a small tmpfs needs root";
  const probe = mkdtempSync(join(tmpdir(), "teikyo-mount-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { stdio: "pipe" });
    execFileSync("umount", [probe], { stdio: "pipe" });
    return null;
  } catch {
    return "this machine does not allow mounting a tmpfs (a container without CAP_SYS_ADMIN?)";
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const reason = cannotRun();
if (reason) console.warn(`disk-full test skipped: ${reason}`);

/** Writes zeros until the filesystem refuses: ENOSPC. Returns the bytes written. */
function fill(file: string): number {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial chunk: fill the filesystem to its last byte.
  const tail = openSync(file, "a");
  try {
    for (let size = 4096; size >= 1; size = Math.floor(size / 2))
      for (;;) {
        try {
          written += writeSync(tail, Buffer.alloc(size));
        } catch {
          break;
        }
      }
  } finally {
    closeSync(tail);
  }
  return written;
}

describe.skipIf(reason !== null)("SQLite on a full disk", () => {
  const dir = mkdtempSync(join(tmpdir(), "teikyo-disk-full-"));
  const filler = join(dir, "filler");
  let db: Db;
  let yoga: ReturnType<typeof gateway>;

  beforeAll(async () => {
    const source = sqliteFilePath(url);
    // Room for the database, its WAL and a little growth; then the filler takes the rest.
    const size = Math.ceil(statSync(source).size / 1_048_576) + 24;
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}m`, "tmpfs", dir]);
    const copy = new Database(source, { readonly: true });
    copy.prepare("VACUUM INTO ?").run(join(dir, "teikyo.db"));
    copy.close();
    db = await createDb(`file:${join(dir, "teikyo.db")}`);
    yoga = gateway(db);
  }, 120_000);

  afterAll(async () => {
    await db?.$disconnect().catch(() => undefined);
    try {
      execFileSync("umount", ["-l", dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const ask = async (query = QUERY) => {
    const res = await yoga.fetch("http://teikyo.test/graphql", postJson(hayate, { query }));
    return {
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: (await res.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] },
    };
  };

  it("answers 503 with Retry-After while full, and serves and records again once space is freed", async () => {
    expect((await ask()).status).toBe(200);
    const before = await db.provisionEvent.count();

    expect(fill(filler)).toBeGreaterThan(0);
    // Several requests while full, each answered (a hang would stop here), none with data.
    for (let i = 0; i < 5; i++) {
      const full = await ask();
      expect(full.status, JSON.stringify(full.body)).toBe(503);
      expect(full.body.data ?? null).toBeNull();
      // The people were read, their record could not be written: a retryable refusal.
      expect(full.body.errors?.[0]?.extensions).toMatchObject({
        code: "PROVISION_RECORD_FAILED",
        reason: "DATABASE_UNAVAILABLE",
      });
      expect(full.retryAfter).toMatch(/^\d+$/);
    }
    // An admin write while full fails cleanly too.
    const write = await yoga.fetch(
      "http://teikyo.test/graphql",
      postJson(demoKey("admin"), {
        query: `mutation { updateRecipient(id: "hayate-logistics", change: { address: "東京都江東区新砂 1-2-3" }) { id } }`,
      }),
    );
    expect(write.status).toBe(503);
    expect(write.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(
      ((await write.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe("SERVICE_UNAVAILABLE");

    rmSync(filler);
    // Space again: the next queries are served and recorded, at once, without a restart.
    for (let i = 0; i < 3; i++) {
      const again = await ask();
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.errors).toBeUndefined();
    }
    expect(await db.provisionEvent.count()).toBe(before + 3);
    expect((await verifyChain(db)).problems).toEqual([]);
  }, 120_000);
});
