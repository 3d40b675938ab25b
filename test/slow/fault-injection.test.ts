/**
 * Fault injection around the provision-record write (art. 29), which is one call to the
 * database: the database fails or goes away after the data was read, before the call,
 * inside it at each of its writes (a trigger fails it, or on PostgreSQL ends the session),
 * or after it committed. The partner always gets 503 PROVISION_RECORD_FAILED and no
 * personal data; nothing half-written remains (events, people rows, bulk records and the
 * chain head unchanged), except after a commit, when the records stay (a provision recorded
 * but not sent: the safe side); the chain verifies. A gateway whose database is down
 * answers with a clean error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { attachDirect } from "../../src/db/direct.js";
import { PrismaSqliteConcurrent } from "../../src/db/sqlite-adapter.js";
import { PrismaClient as SqliteClient } from "../../src/generated/sqlite/client.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { client, databaseUrl, demoKey, NOW, peopleCursor, testDb } from "../helpers.js";
import {
  aroundRecordWrites,
  BULK_FAULT_POINTS,
  FAULT_POINTS,
  failInside,
  type FaultPoint,
  InjectedFault,
} from "../record-faults.js";
import {
  gateway,
  personalDataFinder,
  postJson,
  rawGateway,
  type RawResponse,
} from "../robustness-helpers.js";

const url = databaseUrl();
const onPostgres = providerOf(url) === "postgresql";
const hayate = demoKey("hayate-logistics");

/**
 * Two root fields, so two events; a page with orders, so the order loader runs; customers
 * from C000800 on, away from those other files read records of by page.
 */
const QUERY = `query Faults($after: String) {
  page: people(purpose: "delivery", first: 3, after: $after) { edges { node { id fullName address orders { product } } } }
  one: person(purpose: "delivery", id: "C000850") { id phone }
}`;
const variables = () => ({ after: peopleCursor("C000800", "hayate-logistics", "delivery") });

type Finder = Awaited<ReturnType<typeof personalDataFinder>>;

/** Everything the record write may touch, to compare before and after a failed one. */
async function recordState(db: Db) {
  const [events, people, bulk, head, hayateBulk] = await Promise.all([
    db.provisionEvent.count(),
    db.provisionRecordPerson.count(),
    db.bulkProvisionRecord.count(),
    db.provisionChainHead.findUniqueOrThrow({ where: { id: 0 } }),
    db.bulkProvisionRecord.findMany({
      where: { recipientId: "hayate-logistics" },
      orderBy: { id: "asc" },
      select: { personId: true, items: true, lastProvidedAt: true, keepUntil: true },
    }),
  ]);
  return { events, people, bulk, head: { lastSeq: head.lastSeq, lastHash: head.lastHash }, hayateBulk };
}

/** What every failed write must look like to the partner: 503, its code, and no data at all. */
function expectRefusedWithoutData(res: RawResponse, find: Finder) {
  expect(res.status).toBe(503);
  const body = res.json as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["PROVISION_RECORD_FAILED"]);
  expect(find(res.text, JSON.stringify(variables()))).toEqual([]);
  expect(res.text).not.toMatch(/\n\s+at |node_modules|prisma|terminat|injected/i);
}

/** Turns bulk recording (R19(2)) on or off for Hayate, through the admin API as staff would. */
async function setBulk(on: boolean) {
  const admin = await client();
  const res = await admin(
    demoKey("admin"),
    `mutation { updateRecipient(id: "hayate-logistics", change: { bulkRecording: ${on} }) { bulkRecording } }`,
  );
  expect(res.body.data?.updateRecipient.bulkRecording).toBe(on);
}

/**
 * Keeps the writer's failure log out of the test output, and checks it afterwards: only the
 * writer's failure lines (error name and frames), naming no customer.
 */
function captureFailureLog(finder: () => Finder) {
  let spy: MockInstance<typeof console.error>;
  beforeAll(() => {
    spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterAll(() => {
    const lines = spy.mock.calls.map((args) => args.map(String).join(" "));
    spy.mockRestore();
    expect(lines.filter((l) => !l.startsWith("provision record write failed"))).toEqual([]);
    expect(finder()(lines.join("\n"))).toEqual([]);
  });
}

describe("the record write fails midway", () => {
  let db: Db;
  let find: Finder;
  let day = 0;
  /** A later day for each request, so that a bulk record's update that survived would show. */
  const clock = () => new Date(NOW.getTime() + ++day * 86_400_000);

  beforeAll(async () => {
    db = await testDb();
    find = await personalDataFinder(db);
  });
  captureFailureLog(() => find);

  /** Sends QUERY through a gateway whose record write meets `fault` inside it; returns what happened. */
  async function attempt(fault: FaultPoint | null, how: "throw" | "kill" = "throw", on: Db = db) {
    const remove = fault ? await failInside(db, fault, how) : null;
    try {
      const before = await recordState(db);
      const res = await rawGateway(on, clock)(
        "/graphql",
        postJson(hayate, { query: QUERY, variables: variables() }),
      );
      return { res, before, after: await recordState(db) };
    } finally {
      await remove?.();
    }
  }

  describe.each([
    { bulk: false, label: "each provision recorded" },
    { bulk: true, label: "bulk recording on (R19(2))" },
  ])("$label", ({ bulk }) => {
    const points = bulk ? [...FAULT_POINTS, ...BULK_FAULT_POINTS] : FAULT_POINTS;
    const name = (p: FaultPoint) => `${p.write} of ${p.table}`;

    beforeAll(async () => {
      if (bulk) await setBulk(true);
      // The unfaulted write (proof that it works, and the bulk records the faults then update).
      const { res, before, after } = await attempt(null);
      expect(res.status).toBe(200);
      expect(after.events - before.events).toBe(2);
      expect(after.people - before.people).toBe(4);
      if (bulk) expect(after.hayateBulk).not.toEqual(before.hayateBulk);
    });

    afterAll(async () => {
      if (bulk) await setBulk(false);
    });

    it("returns 503 and no data, leaving nothing half-written, whichever write inside the call fails", async () => {
      for (const point of points) {
        const { res, before, after } = await attempt(point);
        expectRefusedWithoutData(res, find);
        expect(after, name(point)).toEqual(before);
      }
      expect((await verifyChain(db)).problems).toEqual([]);
    });

    it("returns 503 and no data when the call is refused before it runs; after it committed, the records stay", async () => {
      const refused = aroundRecordWrites(db, () => Promise.reject(new InjectedFault("before the call")));
      const first = await attempt(null, "throw", refused);
      expectRefusedWithoutData(first.res, find);
      expect(first.after).toEqual(first.before);
      // The answer to a committed call is lost (a connection dropped after COMMIT): no data
      // leaves, and the records say it may have: a provision recorded, never one unrecorded.
      const lost = aroundRecordWrites(db, async (call) => {
        await call();
        throw new InjectedFault("after the call");
      });
      const second = await attempt(null, "throw", lost);
      expectRefusedWithoutData(second.res, find);
      expect(second.after.events - second.before.events).toBe(2);
      expect((await verifyChain(db)).problems).toEqual([]);
    });

    it.runIf(onPostgres)(
      "returns 503 and no data when PostgreSQL ends the session at any write inside the call",
      async () => {
        for (const point of points) {
          const { res, before, after } = await attempt(point, "kill");
          expectRefusedWithoutData(res, find);
          expect(after, name(point)).toEqual(before);
        }
        expect((await verifyChain(db)).problems).toEqual([]);
        // The pool replaced the killed sessions: the same gateway works again.
        expect((await attempt(null)).res.status).toBe(200);
      },
    );
  });
});

describe.runIf(onPostgres)("sessions ended during record writes", () => {
  // Each transaction whose COMMIT or ROLLBACK failed on a dead session used to keep its pool
  // connection for good (fixed in src/db/adapter.ts): past the pool size, every request hung.
  // The record write is one call now; its sessions, ended midway, must not leak either.
  it("do not use up the connection pool: more of them than the pool holds, then the gateway still answers", async () => {
    const size = process.env.DATABASE_POOL_SIZE;
    process.env.DATABASE_POOL_SIZE = "2";
    const small = await createDb(url).finally(() => {
      if (size === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = size;
    });
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const db = await testDb();
      for (const point of [...FAULT_POINTS, ...FAULT_POINTS]) {
        const remove = await failInside(db, point, "kill");
        try {
          const res = await within(
            5_000,
            rawGateway(small)("/graphql", postJson(hayate, { query: ONE_PERSON })),
          );
          expect(res.status).toBe(503);
        } finally {
          await remove();
        }
      }
      const res = await within(5_000, rawGateway(small)("/graphql", postJson(hayate, { query: ONE_PERSON })));
      expect(res.json).toEqual({ data: { person: { id: "C000870" } } });
    } finally {
      log.mockRestore();
      // With connections lost, closing the pool would wait for them forever.
      await within(2_000, small.$disconnect()).catch(() => undefined);
    }
  });
});

/** The same SQLite file opened read-only, through Teikyo's adapter (so records go the direct way). */
function readOnlySqlite(url: string): Db {
  const adapter = new PrismaSqliteConcurrent(`file:${url.replace(/^file:/, "")}`, { readonly: true });
  const client = new SqliteClient({ adapter });
  attachDirect(client, adapter);
  return client;
}

const ONE_PERSON = `{ person(purpose: "delivery", id: "C000870") { id } }`;

/** The promise, or a failure naming the hang, rather than waiting for the test timeout. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: the pool is used up`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("the database fails between the data read and the record write", () => {
  let db: Db;
  let find: Finder;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    db = await testDb();
    find = await personalDataFinder(db);
  });
  captureFailureLog(() => find);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("refuses the data when the database accepts reads but refuses writes (a read-only replica after failover)", async () => {
    // A real refusal by the database, not a thrown stand-in: the same data, writes forbidden.
    const readOnly = onPostgres
      ? await createDb(`${url}?options=${encodeURIComponent("-c default_transaction_read_only=on")}`)
      : readOnlySqlite(url);
    cleanups.push(() => readOnly.$disconnect());
    const send = rawGateway(readOnly);
    const before = await recordState(db);
    const res = await send("/graphql", postJson(hayate, { query: QUERY, variables: variables() }));
    expectRefusedWithoutData(res, find);
    expect(await recordState(db)).toEqual(before);
    // The reads did happen: the same query through the writable database returns people.
    const ok = await rawGateway(db)("/graphql", postJson(hayate, { query: QUERY, variables: variables() }));
    expect(ok.status).toBe(200);
  });

  it.runIf(onPostgres)(
    "refuses the data when PostgreSQL drops every connection after the read and accepts no new one",
    async () => {
      const name = new URL(url).pathname.slice(1);
      const app = `teikyo_fault_${process.pid}`;
      const victim = await createDb(`${url}?application_name=${app}`);
      cleanups.push(() => victim.$disconnect());
      const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
      await admin.connect();
      cleanups.push(() => admin.end());
      let outage = false;
      // After the reads, before the record write: the database goes away for this client.
      const dropping = aroundRecordWrites(victim, async (call) => {
        outage = true;
        await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
          [app],
        );
        return call();
      });
      try {
        const before = await recordState(db);
        const res = await rawGateway(dropping)(
          "/graphql",
          postJson(hayate, { query: QUERY, variables: variables() }),
        );
        expect(outage).toBe(true);
        expectRefusedWithoutData(res, find);
        await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
        expect(await recordState(db)).toEqual(before);
        expect((await verifyChain(db)).problems).toEqual([]);
      } finally {
        await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      }
    },
  );
});

describe("the database is down", () => {
  const dir = mkdtempSync(join(tmpdir(), "teikyo-down-"));
  const clients: Db[] = [];
  afterAll(async () => {
    for (const c of clients) await c.$disconnect().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const downs: { name: string; open: () => Promise<Db> }[] = [
    {
      name: "PostgreSQL on a closed port",
      open: () => createDb("postgresql://postgres@127.0.0.1:1/teikyo_fuzz_test"),
    },
    {
      name: "SQLite file in a directory that does not exist",
      // Not createDb, which would create the directory: as if it vanished after start.
      open: async () =>
        new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${join(dir, "gone", "x.db")}` }) }),
    },
    {
      name: "SQLite file with no tables (a wrong DATABASE_URL)",
      open: () => createDb(`file:${join(dir, "empty.db")}`),
    },
  ];

  it.each(downs)("$name: each request gets a clean 500/503 error without data", async ({ open }) => {
    const db = await open();
    clients.push(db);
    const send = rawGateway(db);
    const requests: [string, RequestInit][] = [
      ["/graphql", postJson(hayate, { query: QUERY, variables: variables() })],
      ["/graphql", postJson(demoKey("compliance"), { query: "{ provisionRecords { nodes { id } } }" })],
      [
        "/graphql",
        postJson(demoKey("admin"), {
          query: `mutation { updateRecipient(id: "hayate-logistics", change: { address: "x" }) { id } }`,
        }),
      ],
    ];
    for (const [path, init] of requests) {
      const res = await send(path, init);
      expect([500, 503], `${path} ${res.text}`).toContain(res.status);
      expect(res.contentType).toMatch(/json/);
      const body = res.json as { data?: unknown; errors?: { message: string }[] };
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.length).toBeGreaterThan(0);
      // Nothing about the database, its address or the code leaks to the client.
      expect(res.text).not.toMatch(/\n\s+at |node_modules|prisma|ECONNREFUSED|127\.0\.0\.1|no such|\.db\b/i);
    }
    // Without a key nothing needs the database: still the ordinary 401.
    expect((await send("/graphql", postJson(null, { query: "{ viewer { role } }" }))).status).toBe(401);
  });

  // Admission answers a database failure on the export route with a plain 503, not the
  // driver's message (source file, code excerpt, database address).
  it.each(downs)("$name: the records export gets a clean error too", async ({ open }) => {
    const db = await open();
    clients.push(db);
    const res = await rawGateway(db)("/records/export.csv", {
      headers: { authorization: `Bearer ${demoKey("compliance")}` },
    });
    expect([500, 503]).toContain(res.status);
    expect(res.contentType).toMatch(/json/);
    expect(res.text).not.toMatch(/\n\s+at |node_modules|prisma|ECONNREFUSED|127\.0\.0\.1|no such|\.db\b/i);
  });

  // The export reads its first page before sending 200, so a database failure there is a 503.
  it("a records export whose database fails after authentication gets a clean 5xx error", async () => {
    const db = await testDb();
    const failing = new Proxy(db, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        // Records are unreadable; keys (authentication) still work.
        if (prop === "provisionEvent" || prop === "provisionRecordPerson" || prop === "$queryRaw")
          return new Proxy(typeof value === "function" ? value.bind(target) : (value as object), {
            get: () => () => Promise.reject(new Error("connection terminated")),
            apply: () => Promise.reject(new Error("connection terminated")),
          });
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as Db;
    const res = await gateway(failing).fetch(
      "http://teikyo.test/records/export.csv?recipient=hayate-logistics",
      {
        headers: { authorization: `Bearer ${demoKey("compliance")}` },
      },
    );
    // Today: 200 text/csv (authentication passed), then the body breaks off.
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.headers.get("content-type")).toMatch(/json/);
    await res.text();
  });

  it("the process carries on: a gateway on the real database still answers", async () => {
    const res = await rawGateway(await testDb())(
      "/graphql",
      postJson(hayate, { query: `{ person(purpose: "delivery", id: "C000860") { id } }` }),
    );
    expect(res.json).toEqual({ data: { person: { id: "C000860" } } });
  });
});
