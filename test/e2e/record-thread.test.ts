/**
 * The SQLite record writer thread (src/modules/records/append-sqlite-thread.ts): a write
 * waits for another connection's write lock and, once it resolves, Prisma's own connection
 * sees its rows; a write pending when the client disconnects fails (the thread is stopped),
 * never hangs, and the client's next write starts a new thread.
 */
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteFilePath } from "../../src/db/adapter.js";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { directOf, type SqliteDirect } from "../../src/db/direct.js";
import { isDatabaseUnavailable } from "../../src/hardening/database-unavailable.js";
import { RECORD_THREAD_EXITED } from "../../src/modules/records/append-sqlite-thread.js";
import { appendOnSqlite } from "../../src/modules/records/append-sqlite.js";
import { databaseUrl } from "../helpers.js";
import { sampleDraft } from "../provision-drafts.js";

const url = databaseUrl();
// A chain of its own, so no other test's records share it.
const CHAIN = 7_919;

const draft = () => sampleDraft("record-thread-test");

async function sqliteDirect(db: Db): Promise<SqliteDirect> {
  const direct = await directOf(db);
  if (direct.kind !== "sqlite") throw new Error("not SQLite");
  return direct;
}

/** Another connection holding the file's write lock until released. */
function writeLockHeld() {
  const other = new Database(sqliteFilePath(url));
  other.prepare("BEGIN IMMEDIATE").run();
  return () => {
    other.prepare("COMMIT").run();
    other.close();
  };
}

/** Lets the write reach its thread (the lock, then the message posted). */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe.skipIf(providerOf(url) !== "sqlite")("SQLite record writer thread", () => {
  const clients: Db[] = [];
  afterAll(async () => {
    for (const c of clients) await c.$disconnect();
  });

  it("waits for another connection's write lock; once written, Prisma's connection sees the rows", async () => {
    const db = await createDb(url);
    clients.push(db);
    const release = writeLockHeld();
    const d = draft();
    const write = appendOnSqlite(await sqliteDirect(db), CHAIN, [d]);
    await turns(5);
    release();
    const [appended] = await write;
    const stored = await db.provisionEvent.findUnique({
      where: { id: d.event.id },
      include: { people: true },
    });
    expect(stored?.seq).toBe(appended?.seq);
    expect(stored?.hash).toBe(appended?.hash);
    expect(stored?.people).toHaveLength(1);
  });

  it("fails a write pending when the client disconnects, and writes again on a new thread", async () => {
    const db = await createDb(url);
    clients.push(db);
    const release = writeLockHeld();
    try {
      const pending = appendOnSqlite(await sqliteDirect(db), CHAIN, [draft()]);
      await turns(5);
      await db.$disconnect();
      const error = await pending.then(
        () => null,
        (e: unknown) => e as Error & { code?: unknown },
      );
      expect(error?.code).toBe(RECORD_THREAD_EXITED);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      release();
    }
    const d = draft();
    await appendOnSqlite(await sqliteDirect(db), CHAIN, [d]);
    expect(await db.provisionEvent.count({ where: { id: d.event.id } })).toBe(1);
  });
});
