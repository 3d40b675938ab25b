/**
 * The settings of Teikyo's two SQLite connections, Prisma's and the record thread's: both
 * commit with synchronous FULL (a committed provision record survives a power cut) and
 * copy the write-ahead log back at the same, longer interval (docs/decisions/0096), so
 * neither leaves the other's log to a checkpoint on the event loop. Prisma's sorts large
 * results with a helper thread (0097).
 */
import { describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { SQLITE_SORT_HELPER_THREADS } from "../../src/db/sqlite-adapter.js";
import { SQLITE_WAL_AUTOCHECKPOINT_PAGES } from "../../src/db/sqlite-checkpoint.js";
import { openRecordConnection } from "../../src/modules/records/record-connection.js";
import { databaseUrl, testDb } from "../helpers.js";

const onSqlite = providerOf(databaseUrl()) === "sqlite";
/** synchronous = FULL, as SQLite numbers it. */
const FULL = 2;

/** A pragma's value on Prisma's connection of `db`. */
const pragmaOf = async (db: Db, name: string) =>
  Object.values((await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0]!)[0];

describe.skipIf(!onSqlite)("SQLite connections", () => {
  it("Prisma's connection writes through the log, fsyncs each commit and checkpoints every 10,000 pages", async () => {
    const db = await testDb();
    expect(await pragmaOf(db, "journal_mode")).toBe("wal");
    expect(Number(await pragmaOf(db, "synchronous"))).toBe(FULL);
    expect(SQLITE_WAL_AUTOCHECKPOINT_PAGES).toBe(10_000);
    expect(Number(await pragmaOf(db, "wal_autocheckpoint"))).toBe(SQLITE_WAL_AUTOCHECKPOINT_PAGES);
  });

  it("Prisma's connection, which runs the statistics, sorts with one helper thread", async () => {
    expect(SQLITE_SORT_HELPER_THREADS).toBe(1);
    expect(Number(await pragmaOf(await testDb(), "threads"))).toBe(1);
  });

  it("a connection Prisma makes again after $disconnect is set the same way", async () => {
    const db = await createDb(databaseUrl());
    try {
      await db.$disconnect();
      // The next call connects again, on a new better-sqlite3 connection.
      expect(Number(await pragmaOf(db, "synchronous"))).toBe(FULL);
      expect(Number(await pragmaOf(db, "wal_autocheckpoint"))).toBe(SQLITE_WAL_AUTOCHECKPOINT_PAGES);
      expect(Number(await pragmaOf(db, "threads"))).toBe(SQLITE_SORT_HELPER_THREADS);
    } finally {
      await db.$disconnect();
    }
  });

  it("the record thread's connection does the same, with foreign keys on and integers as bigint", () => {
    const file = databaseUrl().replace(/^file:/, "");
    const connection = openRecordConnection({ file, readonly: false });
    try {
      const pragma = (name: string) => Number(connection.pragma(name, { simple: true }));
      expect(pragma("synchronous")).toBe(FULL);
      expect(pragma("foreign_keys")).toBe(1);
      expect(pragma("wal_autocheckpoint")).toBe(SQLITE_WAL_AUTOCHECKPOINT_PAGES);
      expect(connection.prepare("SELECT 1 AS one").get()).toEqual({ one: 1n });
    } finally {
      connection.close();
    }
  });

  it("opens a missing file as an error, not as a new empty database", () => {
    expect(() =>
      openRecordConnection({ file: `${databaseUrl().replace(/^file:/, "")}.missing`, readonly: false }),
    ).toThrow();
  });
});
