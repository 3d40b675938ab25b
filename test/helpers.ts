/** Test helpers: the real gateway over the migrated test database, called through yoga.fetch. */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { sqliteFilePath } from "../src/db/adapter.js";
import { providerOf } from "../src/db/database-url.js";
import { createDb, type Db } from "../src/db/client.js";
import { withSqlDriver } from "../src/db/sql-driver.js";
import { DEMO_KEYS, demoKeyString } from "../src/demo/keys.js";
import { encodeCursor, peopleCursorBinding } from "../src/modules/people/cursor.js";
import type { StatisticsConfig } from "../src/modules/statistics/settings.js";
import { createTeikyo, type TeikyoOptions } from "../src/yoga.js";
import { NOW } from "./demo-now.js";

/** The demo world's "today" (test/demo-now.ts). */
export { NOW };

/**
 * This worker's own copy of the migrated, seeded demo database (test/global-setup.ts):
 * files in other workers run at the same time against their own copies.
 */
export function databaseUrl(): string {
  const urls = inject("databaseUrls");
  const worker = Number(process.env.VITEST_POOL_ID ?? "1");
  return urls[(worker - 1) % urls.length]!;
}

let shared: Promise<Db> | undefined;
export function testDb(): Promise<Db> {
  shared ??= createDb(databaseUrl());
  return shared;
}

/** The demo key of a recipient id or an internal role ("admin", "compliance", "analytics"). */
export function demoKey(who: string): string {
  const key = DEMO_KEYS.find(
    (k) => k.recipientId === who || (k.recipientId === null && k.role === who.toUpperCase()),
  );
  if (!key) throw new Error(`no demo key for ${who}`);
  return demoKeyString(key);
}

/** A people cursor at a customer number, as the gateway issues it to a demo key for a purpose. */
export function peopleCursor(personId: string, who: string, purpose: string): string {
  const key = DEMO_KEYS.find(
    (k) => k.recipientId === who || (k.recipientId === null && k.role === who.toUpperCase()),
  );
  if (!key) throw new Error(`no demo key for ${who}`);
  return encodeCursor(personId, peopleCursorBinding(key.id, purpose));
}

export interface GqlResult {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: { message: string; extensions?: Record<string, any> }[];
  };
}

/**
 * Records which Prisma model operations and which statements of the SQL driver
 * (src/db/sql-driver.ts, labelled "model.operation") ran, to prove what was (not) read.
 */
export function recordingDb(db: Db, models: string[] = ["person", "order"]) {
  const reads: string[] = [];
  const recorded = withSqlDriver(db, (driver) => ({
    provider: driver.provider,
    all(statement) {
      if (models.includes(statement.label.split(".")[0]!)) reads.push(statement.label);
      return driver.all(statement);
    },
  }));
  const proxy = new Proxy(recorded, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && models.includes(prop)) {
        return new Proxy(value as object, {
          get(model, op) {
            const fn = Reflect.get(model, op);
            if (typeof fn !== "function") return fn;
            return (...args: unknown[]) => {
              reads.push(`${prop}.${String(op)}`);
              return fn.apply(model, args);
            };
          },
        });
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, reads };
}

export async function client(
  options: {
    db?: Db;
    clock?: () => Date;
    statistics?: StatisticsConfig;
    rateLimits?: TeikyoOptions["rateLimits"];
    checkpoints?: TeikyoOptions["checkpoints"];
  } = {},
) {
  const db = options.db ?? (await testDb());
  const yoga = createTeikyo({
    db,
    clock: options.clock ?? (() => NOW),
    statistics: options.statistics,
    rateLimits: options.rateLimits,
    checkpoints: options.checkpoints,
  });
  return async function gql(
    key: string | null,
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GqlResult> {
    const response = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GqlResult["body"] };
  };
}

/**
 * A private copy of a database, for a test that breaks what it works on (an insider's
 * edits, a restored backup): a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
 * PostgreSQL. Asked for this worker's database, it copies the seeded template that database
 * was made from: earlier files in this worker keep connections to their database open, and
 * PostgreSQL copies only a database nobody is connected to. Any other source must have no
 * open connection. Returns the copy's URL and a function that removes it.
 */
export async function copyDatabase(
  given: string,
  suffix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const source = given === databaseUrl() ? inject("templateUrl") : given;
  if (providerOf(source) === "postgresql") {
    const from = new URL(source);
    // Named after the given database (the worker's), so workers' copies never collide.
    const name = `${new URL(given).pathname.slice(1)}_${suffix}`;
    const admin = new URL(source);
    admin.pathname = "/postgres";
    const run = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await run(`CREATE DATABASE "${name}" TEMPLATE "${from.pathname.slice(1)}"`);
    const url = new URL(source);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  const file = sqliteFilePath(source);
  const copy = `${sqliteFilePath(given).replace(/\.db$/, "")}-${suffix}.db`;
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return {
    url: `file:${copy}`,
    drop: async () => {
      for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
    },
  };
}
