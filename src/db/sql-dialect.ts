/**
 * The few SQL expressions that differ between SQLite and PostgreSQL (statistics, verification,
 * seeding). Prisma stores DateTime as ISO text in SQLite and as timestamp(3) (UTC) in
 * PostgreSQL, and Json as text in SQLite and jsonb in PostgreSQL.
 */
import { sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import type { Db } from "./client.js";

export interface SqlDialect {
  provider: "sqlite" | "postgresql";
  /** A bound instant comparable with a DateTime column. */
  instant(at: Date): Sql;
  /** YYYY or YYYY-MM of a DateTime column in Japan time. */
  jst(column: Sql, unit: "year" | "month"): Sql;
  /** A random integer in [0, 2^31) for each row, from the database's CSPRNG. */
  randomKey: Sql;
  float(expr: Sql): Sql;
}

const sqlite: SqlDialect = {
  provider: "sqlite",
  instant: (at) => sql`${at.toISOString().replace("Z", "+00:00")}`,
  jst: (column, unit) => sql`strftime(${unit === "year" ? "%Y" : "%Y-%m"}, ${column}, '+9 hours')`,
  // SQLite's random() is ChaCha20 seeded from the operating system (3.40+).
  randomKey: sql`(random() & 2147483647)`,
  float: (expr) => sql`CAST(${expr} AS REAL)`,
};

const postgresql: SqlDialect = {
  provider: "postgresql",
  instant: (at) => sql`CAST(${at.toISOString().replace("T", " ").replace("Z", "")} AS timestamp(3))`,
  jst: (column, unit) =>
    sql`to_char(${column} + interval '9 hours', ${unit === "year" ? "YYYY" : "YYYY-MM"})`,
  // gen_random_uuid() draws from the CSPRNG, unlike random().
  randomKey: sql`(('x' || substr(md5(gen_random_uuid()::text), 1, 8))::bit(32)::integer & 2147483647)`,
  float: (expr) => sql`CAST(${expr} AS double precision)`,
};

export function dialectOf(db: Db): SqlDialect {
  // Prisma keeps the provider of a generated client here; both of ours are known.
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === "postgresql") return postgresql;
  if (provider === "sqlite") return sqlite;
  throw new Error(`Statistics support SQLite and PostgreSQL, not ${String(provider)}.`);
}
