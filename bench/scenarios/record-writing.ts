/**
 * Scenario 2: provision records written per second by Teikyo's own writer
 * (src/modules/records/write-provisions.ts: hash chain, chain-head lock, one transaction)
 * against a raw multi-row INSERT of the same rows: through `pg` on PostgreSQL, through
 * better-sqlite3 on SQLite, each event in one transaction (one event row, then its 100
 * people in one INSERT), as durable as Teikyo's. Events of 100 people, as a partner's page
 * of 100 makes them; rounds alternate. Teikyo is measured one request at a time, and with
 * GROUP requests in flight at once (group commit puts their records in one call): targets
 * >= 1.0x and >= 1.5x the raw rate, one event per transaction (issue 13).
 * Written to teikyo_bench_write, a copy of the demo world made afresh each run (the
 * records are append-only on PostgreSQL, so they are never cleaned up in place).
 */
import { createHash, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import type { Db } from "../../src/db/client.js";
import { keepUntil } from "../../src/policy/retention.js";
import type { ProvisionDraft } from "../../src/modules/provision/provision-draft.js";
import { writeProvisions } from "../../src/modules/records/write-provisions.js";
import { benchDb, type QueryLog, withQueryLog } from "../lib/gw-counting-db.js";
import { type Engine, seededDatabase } from "../lib/gw-databases.js";
import { judged, type Figure } from "../lib/gw-report.js";
import type { Settings } from "../lib/gw-settings.js";
import { interleaved, median, mode, ratio, round } from "../lib/gw-stats.js";
import { benchDbName } from "../lib/bench-env.js";
import { sampleDraft } from "../../test/provision-drafts.js";

const PEOPLE = 100;
/** Requests in flight at once in the grouped variant. */
const GROUP = 8;
const ITEMS = [
  "address",
  "customer_id",
  "full_name",
  "order_date",
  "order_history",
  "order_product",
  "phone",
  "postal_code",
  "prefecture",
];
const SNAPSHOT = {
  id: "hayate-logistics",
  name: "株式会社ハヤテ物流 (Hayate Logistics Co., Ltd.)",
  address: "東京都江東区新木場2-8-1",
  representative: "代表取締役 速水 翔",
  country: "JP",
  legalBasis: "ENTRUSTEE",
  foreignRoute: null,
  contractRef: "業務委託契約 HL-2024-017 (delivery)",
};
const OPERATION_HASH = createHash("sha256")
  .update('query Partner { people(purpose: "delivery", first: 100) { ... } }')
  .digest("hex");

let page = 0;

/** The draft provisionDrafts makes for a page of 100 people of Hayate Logistics. */
function draft(): ProvisionDraft {
  const at = new Date();
  const requestId = randomUUID();
  const first = (page++ * PEOPLE) % 900;
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    personId: `C${String(first + i + 1).padStart(6, "0")}`,
    items: i % 5 === 0 ? ITEMS.filter((item) => !item.startsWith("order_")) : ITEMS,
    consentId: null,
  }));
  return sampleDraft("hayate-logistics", {
    event: {
      id: `${requestId}-1`,
      requestId,
      at,
      recipientSnapshot: SNAPSHOT,
      recordKinds: ["NOT_REQUIRED"],
      operationHash: OPERATION_HASH,
      keepUntil: keepUntil({ kind: "EACH", recordedAt: at }),
    },
    people,
  });
}

const EVENT_COLUMNS = [
  "id",
  "at",
  "recipientId",
  "recipientSnapshot",
  "purposeCode",
  "ground",
  "legallyRequired",
  "recordKinds",
  "country",
  "foreignRoute",
  "apiKeyId",
  "requestId",
  "operationHash",
  "rootField",
  "items",
  "personCount",
  "keepUntil",
  "prevHash",
  "hash",
  "chain",
  "chainSeq",
] as const;

/** The raw rows go to a chain of their own, numbered by this counter (no head row is involved). */
const RAW_CHAIN = 1_000_000;
let rawChainSeq = 0;

/** The event's column values as the raw insert binds them (JSON as text, the hash a stand-in of the same length). */
function eventValues(
  d: ProvisionDraft,
  date: (d: Date) => unknown,
  bool: (b: boolean) => unknown,
): unknown[] {
  const e = d.event;
  const hash = "0".repeat(64);
  return [
    e.id,
    date(e.at),
    e.recipientId,
    JSON.stringify(e.recipientSnapshot),
    e.purposeCode,
    e.ground,
    bool(e.legallyRequired),
    JSON.stringify(e.recordKinds),
    e.country,
    e.foreignRoute,
    e.apiKeyId,
    e.requestId,
    e.operationHash,
    e.rootField,
    JSON.stringify(e.items),
    e.personCount,
    date(e.keepUntil),
    hash,
    hash,
    RAW_CHAIN,
    ++rawChainSeq,
  ];
}

const columnList = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");

interface RawWriter {
  write(d: ProvisionDraft): Promise<void>;
  /**
   * The write-back a round leaves undone, done inside the round's time: on SQLite a TRUNCATE
   * checkpoint copies the log's pages into the database file. A round that defers its
   * checkpoints (decision 0096) pays for them here, not the next round's writer.
   */
  settle(): Promise<void>;
  /** Statements (round trips on PostgreSQL) per event. */
  statements: number;
  close(): Promise<void>;
}

async function rawPostgres(url: string): Promise<RawWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The planner setting Teikyo's record function runs with (decision 0090). Its INSERTs fire
  // the same per-event check of the people as Teikyo's (0093), which plans on its own.
  await client.query("SET plan_cache_mode = force_generic_plan");
  const eventSql = `INSERT INTO "ProvisionEvent" (${columnList}) VALUES (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING "seq"`;
  // eventAt: the event's time, the month partition of both rows (decision 0066).
  const peopleSql = `INSERT INTO "ProvisionRecordPerson" ("eventSeq", "eventAt", "personId", "items", "consentId") VALUES ${Array.from(
    { length: PEOPLE },
    (_, i) => `($1, $2, $${i * 3 + 3}, $${i * 3 + 4}, $${i * 3 + 5})`,
  ).join(", ")}`;
  return {
    statements: 4,
    // PostgreSQL checkpoints in the background whatever the writer: nothing to settle.
    settle: async () => undefined,
    async write(d) {
      await client.query("BEGIN");
      try {
        const { rows } = await client.query<{ seq: number }>(
          eventSql,
          eventValues(
            d,
            (x) => x,
            (b) => b,
          ),
        );
        const seq = rows[0]?.seq;
        await client.query(peopleSql, [
          seq,
          d.event.at,
          ...d.people.flatMap((p) => [p.personId, JSON.stringify(p.items), p.consentId]),
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    close: () => client.end(),
  };
}

async function rawSqlite(url: string): Promise<RawWriter> {
  const db = new Database(url.replace(/^file:/, ""));
  // As durable as Teikyo's connection (src/db/client.ts): better-sqlite3 is built with WAL's
  // default at NORMAL, which does not fsync a commit; Teikyo says FULL.
  db.pragma("synchronous = FULL");
  const insertEvent = db.prepare(
    `INSERT INTO "ProvisionEvent" (${columnList}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")})`,
  );
  const insertPeople = db.prepare(
    `INSERT INTO "ProvisionRecordPerson" ("eventSeq", "eventAt", "personId", "items", "consentId") VALUES ${Array.from({ length: PEOPLE }, () => "(?, ?, ?, ?, ?)").join(", ")}`,
  );
  // Prisma keeps SQLite DateTimes as ISO text with +00:00.
  const date = (d: Date) => d.toISOString().replace("Z", "+00:00");
  const write = db.transaction((d: ProvisionDraft) => {
    const { lastInsertRowid } = insertEvent.run(...eventValues(d, date, (b) => (b ? 1 : 0)));
    insertPeople.run(
      ...d.people.flatMap((p) => [
        lastInsertRowid,
        date(d.event.at),
        p.personId,
        JSON.stringify(p.items),
        p.consentId,
      ]),
    );
  });
  return {
    statements: 4,
    write: async (d) => write(d),
    settle: async () => {
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    close: async () => db.close(),
  };
}

interface Round {
  rowsPerSecond: number;
  eventsPerSecond: number;
  msPerEvent: number;
}

/** `writeSome` writes `per` events each call; `settle` finishes the round's write-back. */
async function timed(
  events: number,
  writeSome: () => Promise<void>,
  settle: () => Promise<void>,
  per = 1,
): Promise<Round> {
  const started = performance.now();
  for (let i = 0; i < events; i += per) await writeSome();
  await settle();
  const seconds = (performance.now() - started) / 1000;
  return {
    rowsPerSecond: (events * PEOPLE) / seconds,
    eventsPerSecond: events / seconds,
    msPerEvent: (seconds * 1000) / events,
  };
}

export async function recordWriting(engine: Engine, settings: Settings) {
  const scenario = "2 record writing";
  const url = await seededDatabase(engine, benchDbName("write"));
  let db: Db | undefined;
  let raw: RawWriter | undefined;
  try {
    db = await benchDb(url, true);
    raw = engine === "postgresql" ? await rawPostgres(url) : await rawSqlite(url);
    const teikyoDb = db;
    const rawWriter = raw;
    const statements: number[] = [];
    const writeTeikyo = async () => {
      const log: QueryLog = { count: 0 };
      await withQueryLog(log, () => writeProvisions(teikyoDb, [draft()]));
      statements.push(log.count);
    };
    const writeRaw = () => rawWriter.write(draft());
    const writeGrouped = async () => {
      await Promise.all(Array.from({ length: GROUP }, () => writeProvisions(teikyoDb, [draft()])));
    };
    // Both number their events globally from the table's sequence; the raw rows go to a
    // chain of their own, so Teikyo's chain heads are untouched by them.
    // Every round, Teikyo's too, ends with the same write-back through the raw writer's
    // connection: a TRUNCATE checkpoint copies back the whole log, whoever wrote it.
    const settle = () => rawWriter.settle();
    await timed(5, writeTeikyo, settle);
    await timed(5, writeRaw, settle);
    await timed(GROUP, writeGrouped, settle, GROUP);
    const events = Math.ceil(settings.writeEvents / GROUP) * GROUP;
    const rounds = await interleaved(
      ["teikyo", "raw", "grouped"] as const,
      settings.writeRounds,
      async (v) =>
        v === "grouped"
          ? timed(events, writeGrouped, settle, GROUP)
          : timed(events, v === "teikyo" ? writeTeikyo : writeRaw, settle),
    );
    const rate = (rs: Round[]) => round(median(rs.map((r) => r.rowsPerSecond)), 0);
    const msPerEvent = (rs: Round[]) => round(median(rs.map((r) => r.msPerEvent)), 3);
    const teikyo = rate(rounds.teikyo);
    const baseline = rate(rounds.raw);
    const figures: Figure[] = [
      judged({
        scenario,
        engine,
        name: "record rows written per second",
        value: teikyo,
        unit: "rows/s",
        baseline,
        baselineName: engine === "postgresql" ? "raw pg INSERT" : "raw better-sqlite3 INSERT",
        ratio: ratio(teikyo, baseline),
        target: { op: ">=", value: 1.0 },
      }),
      judged({
        scenario,
        engine,
        name: `record rows written per second, ${GROUP} requests in flight (group commit)`,
        value: rate(rounds.grouped),
        unit: "rows/s",
        baseline,
        baselineName: engine === "postgresql" ? "raw pg INSERT" : "raw better-sqlite3 INSERT",
        ratio: ratio(rate(rounds.grouped), baseline),
        target: { op: ">=", value: 1.5 },
      }),
      {
        scenario,
        engine,
        name: "time per event of 100 people",
        value: msPerEvent(rounds.teikyo),
        unit: "ms",
        baseline: msPerEvent(rounds.raw),
        baselineName: "raw",
        ratio: ratio(msPerEvent(rounds.teikyo), msPerEvent(rounds.raw)),
      },
      {
        scenario,
        engine,
        name: "statements per event",
        value: mode(statements),
        unit: "stmts",
        baseline: rawWriter.statements,
        baselineName: "raw",
        ratio: ratio(mode(statements), rawWriter.statements),
      },
    ];
    return {
      figures,
      details: {
        url: url.replace(/\/\/[^@]*@/, "//"),
        eventsPerRound: settings.writeEvents,
        peoplePerEvent: PEOPLE,
        rounds,
      },
    };
  } finally {
    await raw?.close();
    await db?.$disconnect();
  }
}
