/**
 * Gives every person without one a secret random statistics key (see
 * policy/statistics/perturbation.ts). Run after seeding and at server start, so people
 * loaded by other systems get theirs; until then they count with key 0.
 */
import { sqltag as sql } from "@prisma/client/runtime/client";
import type { Db } from "../../db/client.js";
import { dialectOf } from "../../db/sql-dialect.js";

export async function assignStatisticsKeys(db: Db): Promise<number> {
  const { randomKey } = dialectOf(db);
  return db.$executeRaw(
    sql`UPDATE "Person" SET "statisticsKey" = ${randomKey} WHERE "statisticsKey" IS NULL`,
  );
}
