/**
 * Which committed migrations the database has not applied. The server does not migrate a
 * production database on start (that is `npm run teikyo -- db migrate`, once per
 * deployment), so it checks instead: at start, and in /ready.
 */
import type { Db } from "./client.js";
import { dialectOf } from "./sql-dialect.js";
import { committedMigrations } from "./migrate.js";

export async function pendingMigrations(db: Db): Promise<string[]> {
  const committed = committedMigrations(dialectOf(db).provider);
  let applied: { migration_name: string }[];
  try {
    applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
  } catch (error) {
    // A database never migrated has no _prisma_migrations table.
    if (/_prisma_migrations|no such table|does not exist/i.test(String((error as Error).message)))
      return committed;
    throw error;
  }
  const done = new Set(applied.map((row) => row.migration_name));
  return committed.filter((name) => !done.has(name));
}
