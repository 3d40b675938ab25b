/**
 * SQLite transactions after a fault: when COMMIT fails (a full disk: SQLite has already
 * rolled back), the adapter's transaction lock is released, so the next transaction runs
 * instead of every later write hanging.
 */
import { describe, expect, it } from "vitest";
import { databaseUrl } from "../helpers.js";
import { PrismaSqliteConcurrent } from "../../src/db/sqlite-adapter.js";
import { PrismaClient as SqliteClient } from "../../src/generated/sqlite/client.js";

const url = databaseUrl();

interface Connection {
  prepare(sql: string): { run(): unknown };
}

describe.runIf(url.startsWith("file:"))("SQLite adapter after a failed COMMIT", () => {
  it("releases its lock: the next transactions commit, none hangs", async () => {
    const factory = new PrismaSqliteConcurrent(url);
    let diskFull = false;
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      const sqlite = (adapter as unknown as { client: Connection }).client;
      const prepare = sqlite.prepare.bind(sqlite);
      sqlite.prepare = (sql: string) => {
        if (diskFull && /^\s*COMMIT/i.test(sql)) {
          diskFull = false;
          // What SQLite does on SQLITE_FULL during commit: the transaction is already gone.
          prepare("ROLLBACK").run();
          throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
        }
        return prepare(sql);
      };
      return adapter;
    };
    const db = new SqliteClient({ adapter: factory });
    try {
      diskFull = true;
      await expect(
        db.$transaction(async (tx) => {
          await tx.auditEvent.count();
          await tx.$executeRawUnsafe(
            `UPDATE "ProvisionChainHead" SET "lastHash" = "lastHash" WHERE "id" = 0`,
          );
        }),
      ).rejects.toThrow();
      // Space is free again: the next transactions go through (with the lock kept, each
      // would wait for it and fail with P2028).
      for (let i = 0; i < 3; i++)
        await db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(
            `UPDATE "ProvisionChainHead" SET "lastHash" = "lastHash" WHERE "id" = 0`,
          );
        });
      expect(await db.provisionChainHead.count()).toBeGreaterThanOrEqual(1);
    } finally {
      await db.$disconnect();
    }
  });
});
