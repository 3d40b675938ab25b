/**
 * A group of provision drafts appended to one chain on SQLite in one synchronous
 * transaction of prepared statements: BEGIN IMMEDIATE, so another writer makes it wait
 * (busy timeout), never fail with SQLITE_BUSY_SNAPSHOT. The transaction runs in a worker
 * thread on its own connection to the file (append-sqlite-thread.ts, decision 0089), so its
 * inserts and its COMMIT's fsync do not stop the event loop; it is started under Prisma's
 * transaction lock (src/db/sqlite-adapter.ts), so it never contends with a Prisma
 * transaction of this process. Values are stored as Prisma stores them (DateTime as ISO
 * text with +00:00, Json as JSON text, Boolean as 0/1), so Prisma and `records verify` read
 * the same rows back.
 */
import { randomUUID } from "node:crypto";
import type { SqliteDatabase, SqliteDirect, SqliteStatement } from "../../db/direct.js";
import { recordThreadFor } from "./append-sqlite-thread.js";
import type { AppendedEvent } from "./append-postgres.js";
import { bulkFields } from "./append-postgres.js";
import type { ProvisionDraft } from "../provision/provision-draft.js";
import { eventHash } from "./record-hash.js";

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
  "purposeVersionId",
  "noticeVersionId",
  "foreignStatementId",
  "conformingCheckId",
  "persistedOperationId",
  "prevHash",
  "hash",
  "chain",
  "chainSeq",
] as const;

interface Statements {
  head: SqliteStatement;
  genesis: SqliteStatement;
  event: SqliteStatement;
  /** An INSERT of n person rows, per n up to PEOPLE_PER_INSERT. */
  people: Map<number, SqliteStatement>;
  moveHead: SqliteStatement;
  bulkFind: SqliteStatement;
  bulkInsert: SqliteStatement;
  bulkTouch: SqliteStatement;
  bulkGrow: SqliteStatement;
}

const prepared = new WeakMap<SqliteDatabase, Statements>();

/** Rows per multi-row INSERT of people (5 values each, well under SQLite's 32,766 variables). */
const PEOPLE_PER_INSERT = 100;

function insertPeople(
  db: SqliteDatabase,
  s: Statements,
  seq: bigint,
  at: Date,
  people: ProvisionDraft["people"],
) {
  for (let i = 0; i < people.length; i += PEOPLE_PER_INSERT) {
    const chunk = people.slice(i, i + PEOPLE_PER_INSERT);
    let insert = s.people.get(chunk.length);
    if (!insert) {
      insert = db.prepare(
        `INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt") VALUES ${chunk
          .map(() => "(?, ?, ?, ?, ?)")
          .join(", ")}`,
      );
      s.people.set(chunk.length, insert);
    }
    // eventAt: the event's time, which PostgreSQL partitions by (decision 0066); kept alike here.
    const eventAt = instant(at);
    insert.run(...chunk.flatMap((p) => [seq, p.personId, JSON.stringify(p.items), p.consentId, eventAt]));
  }
}

function statements(db: SqliteDatabase): Statements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      head: db.prepare(`SELECT "lastSeq", "lastHash" FROM "ProvisionChainHead" WHERE "id" = ?`),
      genesis: db.prepare(
        `INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES (?, 0, 'genesis')`,
      ),
      event: db.prepare(
        `INSERT INTO "ProvisionEvent" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(", ")})
         VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")})`,
      ),
      people: new Map(),
      moveHead: db.prepare(`UPDATE "ProvisionChainHead" SET "lastSeq" = ?, "lastHash" = ? WHERE "id" = ?`),
      bulkFind: db.prepare(
        `SELECT "id", "items", "consentId" FROM "BulkProvisionRecord"
         WHERE "recipientId" = ? AND "purposeCode" = ? AND "ground" = ? AND "personId" = ?`,
      ),
      bulkInsert: db.prepare(
        `INSERT INTO "BulkProvisionRecord" ("id", "recipientId", "purposeCode", "ground", "personId",
           "recipientName", "consentId", "items", "firstProvidedAt", "lastProvidedAt", "keepUntil")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      bulkTouch: db.prepare(
        `UPDATE "BulkProvisionRecord" SET "lastProvidedAt" = ?, "keepUntil" = ?, "recipientName" = ? WHERE "id" = ?`,
      ),
      bulkGrow: db.prepare(`UPDATE "BulkProvisionRecord" SET "items" = ?, "consentId" = ? WHERE "id" = ?`),
    };
    prepared.set(db, s);
  }
  return s;
}

/** A DateTime as Prisma keeps it in SQLite. */
const instant = (at: Date) => at.toISOString().replace("Z", "+00:00");

export function appendOnSqlite(
  direct: SqliteDirect,
  chain: number,
  drafts: ProvisionDraft[],
): Promise<AppendedEvent[]> {
  return direct.exclusive((db) => recordThreadFor(db, direct.closed).append(chain, drafts));
}

/** Starts the connection's record thread ahead of the first write (the server does at start). */
export function warmSqliteRecordThread(direct: SqliteDirect): Promise<void> {
  return direct.exclusive((db) => recordThreadFor(db, direct.closed).warm());
}

/** The append itself, on the record thread's connection (append-sqlite-worker.ts). */
export function appendInTransaction(
  db: SqliteDatabase,
  chain: number,
  drafts: ProvisionDraft[],
): AppendedEvent[] {
  const s = statements(db);
  const append = db.transaction(() => {
    let head = s.head.get(chain) as { lastSeq: bigint | number; lastHash: string } | undefined;
    if (!head) {
      s.genesis.run(chain);
      head = { lastSeq: 0n, lastHash: "genesis" };
    }
    let chainSeq = BigInt(head.lastSeq);
    let prevHash = head.lastHash;
    const appended: AppendedEvent[] = [];
    for (const draft of drafts) {
      const e = draft.event;
      const hash = eventHash(prevHash, { event: e, people: draft.people });
      const row: Record<(typeof EVENT_COLUMNS)[number], unknown> = {
        ...e,
        at: instant(e.at),
        recipientSnapshot: JSON.stringify(e.recipientSnapshot),
        legallyRequired: e.legallyRequired ? 1 : 0,
        recordKinds: JSON.stringify(e.recordKinds),
        items: JSON.stringify(e.items),
        keepUntil: instant(e.keepUntil),
        persistedOperationId: e.persistedOperationId ?? null,
        prevHash,
        hash,
        chain,
        chainSeq: ++chainSeq,
      };
      const seq = BigInt(s.event.run(...EVENT_COLUMNS.map((c) => row[c] ?? null)).lastInsertRowid);
      insertPeople(db, s, seq, e.at, draft.people);
      if (draft.bulk) updateBulkRecords(s, draft);
      appended.push({ seq, chainSeq, hash });
      prevHash = hash;
    }
    s.moveHead.run(chainSeq, prevHash, chain);
    return appended;
  });
  return append.immediate();
}

/**
 * R19(2) bulk records: one row per recipient, purpose, ground and person, extended to the
 * latest provision (3 years' retention from then, R21); its items and consent change only
 * when new items or a new consent came.
 */
function updateBulkRecords(s: Statements, draft: ProvisionDraft): void {
  const { recipientId, purposeCode, ground, at } = draft.event;
  const { recipientName, keepUntil } = bulkFields(draft);
  for (const p of draft.people) {
    const row = s.bulkFind.get(recipientId, purposeCode, ground, p.personId) as
      { id: string; items: string; consentId: string | null } | undefined;
    if (!row) {
      s.bulkInsert.run(
        randomUUID(),
        recipientId,
        purposeCode,
        ground,
        p.personId,
        recipientName,
        p.consentId,
        JSON.stringify(p.items),
        instant(at),
        instant(at),
        instant(keepUntil),
      );
      continue;
    }
    s.bulkTouch.run(instant(at), instant(keepUntil), recipientName, row.id);
    const had = new Set(JSON.parse(row.items) as string[]);
    const newConsent = p.consentId !== null && p.consentId !== row.consentId;
    if (p.items.some((i) => !had.has(i)) || newConsent)
      s.bulkGrow.run(
        JSON.stringify([...new Set([...had, ...p.items])].sort()),
        p.consentId ?? row.consentId,
        row.id,
      );
  }
}
