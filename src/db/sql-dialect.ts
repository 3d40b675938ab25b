/**
 * The few SQL expressions that differ between SQLite and PostgreSQL (statistics, record
 * writing). Prisma stores DateTime as ISO text in SQLite and as timestamp(3) (UTC) in
 * PostgreSQL, and Json as text in SQLite and jsonb in PostgreSQL.
 */
import { join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
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
  /** An instant as text in a jsonRows parameter, for a "timestamp" column. */
  jsonInstant(at: Date): string;
  /** Rows of a JSON array parameter as a table with the given text, integer, time and JSON columns. */
  jsonRows(
    json: string,
    columns: { name: string; type: "text" | "int" | "bigint" | "json" | "timestamp" }[],
  ): Sql;
}

const sqlite: SqlDialect = {
  provider: "sqlite",
  instant: (at) => sql`${at.toISOString().replace("Z", "+00:00")}`,
  jst: (column, unit) => sql`strftime(${unit === "year" ? "%Y" : "%Y-%m"}, ${column}, '+9 hours')`,
  // SQLite's random() is ChaCha20 seeded from the operating system (3.40+).
  randomKey: sql`(random() & 2147483647)`,
  float: (expr) => sql`CAST(${expr} AS REAL)`,
  // As Prisma's SQLite adapter writes a DateTime.
  jsonInstant: (at) => at.toISOString().replace("Z", "+00:00"),
  jsonRows: (json, columns) =>
    sql`SELECT ${join(
      columns.map((c) => sql`json_extract(value, ${`$.${c.name}`}) AS ${raw(`"${c.name}"`)}`),
    )} FROM json_each(${json})`,
};

const postgresql: SqlDialect = {
  provider: "postgresql",
  instant: (at) => sql`CAST(${at.toISOString().replace("T", " ").replace("Z", "")} AS timestamp(3))`,
  jst: (column, unit) =>
    sql`to_char(${column} + interval '9 hours', ${unit === "year" ? "YYYY" : "YYYY-MM"})`,
  // gen_random_uuid() draws from the CSPRNG, unlike random().
  randomKey: sql`(('x' || substr(md5(gen_random_uuid()::text), 1, 8))::bit(32)::integer & 2147483647)`,
  float: (expr) => sql`CAST(${expr} AS double precision)`,
  jsonInstant: (at) => at.toISOString().replace("Z", ""),
  jsonRows: (json, columns) => {
    const types = {
      text: "text",
      int: "integer",
      bigint: "bigint",
      json: "jsonb",
      timestamp: "timestamp(3)",
    };
    const shape = columns.map((c) => `"${c.name}" ${types[c.type]}`).join(", ");
    return sql`SELECT * FROM jsonb_to_recordset(CAST(${json} AS jsonb)) AS x(${raw(shape)})`;
  },
};

export function dialectOf(db: Db): SqlDialect {
  // Prisma keeps the provider of a generated client here; both of ours are known.
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === "postgresql") return postgresql;
  if (provider === "sqlite") return sqlite;
  throw new Error(`Statistics support SQLite and PostgreSQL, not ${String(provider)}.`);
}
