/**
 * The Prisma driver adapter for a DATABASE_URL. Used by the runtime client and by
 * prisma.config.ts, so migrations and queries always reach the same database.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { providerOf } from "./database-url.js";

export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

export function adapterFor(url: string) {
  if (providerOf(url) === "postgresql") {
    return new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  return new PrismaBetterSQLite3({ url: `file:${file}` });
}
