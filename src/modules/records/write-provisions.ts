/**
 * Appends provision events to the hash chains, one writer per chain (chosen by recipient,
 * record-chains.ts), so groups for different chains commit side by side. Requests that
 * finish while a write is in flight are committed together in the next transaction (group
 * commit): one lock of the chain head, one INSERT of the events and one of their people for the whole group, and
 * each request still waits for its own records to commit. If a group fails, each request's
 * records are retried alone, so one bad draft cannot fail the others. Each transaction is
 * bounded by TEIKYO_DB_TIMEOUT_MS (waiting for a connection and running), so a stuck
 * database fails requests with 503 instead of holding them, and /ready can see a commit
 * that has been running too long.
 */
import { sqltag as sql } from "@prisma/client/runtime/client";
import { dbTimeoutMs } from "../../db/adapter.js";
import { withTimeout } from "../../hardening/database-unavailable.js";
import type { Db } from "../../db/client.js";
import { dialectOf } from "../../db/sql-dialect.js";
import { keepUntil } from "../../policy/retention.js";
import type { ProvisionDraft } from "./provision-draft.js";
import { chainOf } from "./record-chains.js";
import { eventHash } from "./record-hash.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface Job {
  drafts: ProvisionDraft[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A bound on one group, so one transaction stays short. */
const MAX_GROUP_EVENTS = 64;

class RecordWriter {
  private queue: Job[] = [];
  private writing = false;
  /** When the transaction in progress started (performance.now()), or null. */
  commitStartedAt: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly chain: number,
  ) {}

  write(drafts: ProvisionDraft[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ drafts, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        let events = 0;
        let take = 0;
        while (take < this.queue.length && (take === 0 || events < MAX_GROUP_EVENTS))
          events += this.queue[take++]!.drafts.length;
        await this.commit(this.queue.splice(0, take));
      }
    } finally {
      this.writing = false;
    }
  }

  private async commit(group: Job[]): Promise<void> {
    this.commitStartedAt = performance.now();
    try {
      await this.commitGroup(group);
    } finally {
      this.commitStartedAt = null;
    }
  }

  private async commitGroup(group: Job[]): Promise<void> {
    const drafts = group.flatMap((j) => j.drafts);
    const started = performance.now();
    try {
      await appendToChain(this.db, this.chain, drafts);
      observe((o) => o.committed(drafts, (performance.now() - started) / 1000, drafts.length));
      for (const job of group) job.resolve();
    } catch (error) {
      if (group.length === 1) {
        observe((o) => o.failed(drafts));
        return group[0]!.reject(error);
      }
      for (const job of group) {
        const alone = performance.now();
        try {
          await appendToChain(this.db, this.chain, job.drafts);
          observe((o) => o.committed(job.drafts, (performance.now() - alone) / 1000, job.drafts.length));
          job.resolve();
        } catch (failure) {
          observe((o) => o.failed(job.drafts));
          job.reject(failure);
        }
      }
    }
  }
}

const writers = new WeakMap<Db, Map<number, RecordWriter>>();

/** What metrics see of record writing (src/observability/metrics.ts). */
export interface RecordObserver {
  committed(drafts: ProvisionDraft[], seconds: number, groupSize: number): void;
  failed(drafts: ProvisionDraft[]): void;
}
export const recordObservers = new Set<RecordObserver>();

function observe(call: (observer: RecordObserver) => void): void {
  for (const observer of recordObservers) {
    try {
      call(observer);
    } catch {
      // A metric must never fail a record.
    }
  }
}

/**
 * Resolves once the drafts' records are committed; rejects if they were not, or with
 * DB_TIMEOUT when they are not committed within twice TEIKYO_DB_TIMEOUT_MS (queue and
 * transaction together). A driver that never answers (a lock never released, a file
 * system that blocks) then costs the request a 503, not a hang; the records may still
 * commit later, which records a provision that was not sent: the safe side.
 */
export function writeProvisions(db: Db, drafts: ProvisionDraft[]): Promise<void> {
  if (drafts.length === 0) return Promise.resolve();
  let chains = writers.get(db);
  if (!chains) {
    chains = new Map();
    writers.set(db, chains);
  }
  const byChain = new Map<number, ProvisionDraft[]>();
  for (const draft of drafts) {
    const chain = chainOf(draft.event.recipientId);
    byChain.set(chain, [...(byChain.get(chain) ?? []), draft]);
  }
  const writes = [...byChain].map(([chain, own]) => {
    let writer = chains.get(chain);
    if (!writer) {
      writer = new RecordWriter(db, chain);
      chains.set(chain, writer);
    }
    return writer.write(own);
  });
  return withTimeout(
    Promise.all(writes).then(() => undefined),
    2 * dbTimeoutMs(),
    "provision record write",
  );
}

/** Whether this database's record writer has a transaction running longer than twice its bound. */
export function recordWriterStuck(db: Db, now = performance.now()): boolean {
  for (const writer of writers.get(db)?.values() ?? []) {
    const started = writer.commitStartedAt;
    if (started != null && now - started > 2 * dbTimeoutMs()) return true;
  }
  return false;
}

/**
 * One transaction: lock the chain's head (an upsert: a new chain starts at genesis; SQLite
 * serializes writes anyway), hash and number the events from it, take their global numbers
 * from the table's sequence (which no lock guards), insert events and people (the people as
 * one JSON parameter: a createMany of 100 rows costs ten times as much in Prisma's
 * compiler), move the head.
 */
async function appendToChain(db: Db, chain: number, drafts: ProvisionDraft[]): Promise<void> {
  const dialect = dialectOf(db);
  const bound = dbTimeoutMs();
  await db.$transaction(
    async (tx) => {
      const head = await tx.provisionChainHead.upsert({
        where: { id: chain },
        create: { id: chain, lastSeq: 0, lastHash: "genesis" },
        update: { lastSeq: { increment: 0 } },
      });
      const globalSeqs = await nextEventSeqs(tx, dialect.provider, drafts.length);
      let chainSeq = head.lastSeq;
      let prevHash = head.lastHash;
      const events = drafts.map((draft, i) => {
        const hash = eventHash(prevHash, { event: draft.event, people: draft.people });
        const event = {
          ...draft.event,
          recipientSnapshot: draft.event.recipientSnapshot as object,
          seq: globalSeqs[i]!,
          chain,
          chainSeq: ++chainSeq,
          prevHash,
          hash,
        };
        prevHash = hash;
        return event;
      });
      await tx.provisionEvent.createMany({ data: events });
      const people = JSON.stringify(
        drafts.flatMap((draft, i) =>
          draft.people.map((p) => ({
            // As text: JSON numbers lose precision past 2^53, and PostgreSQL casts it to bigint.
            eventSeq: String(events[i]!.seq),
            personId: p.personId,
            items: p.items,
            consentId: p.consentId,
            // The event's time: on PostgreSQL the month partition both rows go to (decision 0066).
            eventAt: dialect.jsonInstant(events[i]!.at),
          })),
        ),
      );
      const rows = dialect.jsonRows(people, [
        { name: "eventSeq", type: "bigint" },
        { name: "personId", type: "text" },
        { name: "items", type: "json" },
        { name: "consentId", type: "text" },
        { name: "eventAt", type: "timestamp" },
      ]);
      await tx.$executeRaw(
        sql`INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt")
          SELECT "eventSeq", "personId", "items", "consentId", "eventAt" FROM (${rows}) AS r`,
      );
      await tx.provisionChainHead.update({
        where: { id: chain },
        data: { lastSeq: chainSeq, lastHash: prevHash },
      });
      for (const draft of drafts) if (draft.bulk) await updateBulkRecords(tx, draft);
    },
    { maxWait: bound, timeout: bound },
  );
}

/**
 * Global event numbers: on PostgreSQL from the table's sequence (nextval never waits for
 * another transaction); on SQLite, whose writes are serialized, after AUTOINCREMENT's high
 * mark, which the inserted numbers then raise.
 */
async function nextEventSeqs(tx: Tx, provider: "sqlite" | "postgresql", n: number): Promise<bigint[]> {
  if (provider === "postgresql") {
    const rows = await tx.$queryRaw<{ seq: bigint }[]>(
      sql`SELECT nextval(pg_get_serial_sequence('"ProvisionEvent"', 'seq')) AS seq FROM generate_series(1, CAST(${n} AS integer))`,
    );
    return rows.map((r) => BigInt(r.seq)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const [row] = await tx.$queryRaw<{ high: bigint | number | null }[]>(
    sql`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ProvisionEvent'), 0),
      coalesce((SELECT max(seq) FROM "ProvisionEvent"), 0)) AS high`,
  );
  const high = BigInt(row?.high ?? 0);
  return Array.from({ length: n }, (_, i) => high + BigInt(i + 1));
}

/**
 * R19(2) bulk records: one row per recipient, purpose, ground and person, extended to the
 * latest provision (3 years' retention from then, R21). Two queries for the common case
 * (create the new people, move the last date of the known ones); an item set that grew is
 * updated row by row.
 */
async function updateBulkRecords(tx: Tx, draft: ProvisionDraft): Promise<void> {
  const { recipientId, purposeCode, ground, at } = draft.event;
  // R20(1): a bulk record, too, names the recipient and the fact of consent (the consent relied on).
  const recipientName = String(draft.event.recipientSnapshot.name ?? recipientId);
  const keep = keepUntil({ kind: "BULK", lastProvisionAt: at });
  const key = { recipientId, purposeCode, ground };
  const existing = await tx.bulkProvisionRecord.findMany({
    where: { ...key, personId: { in: draft.people.map((p) => p.personId) } },
    select: { id: true, personId: true, items: true, consentId: true },
  });
  const known = new Map(existing.map((e) => [e.personId, e]));
  await tx.bulkProvisionRecord.createMany({
    data: draft.people
      .filter((p) => !known.has(p.personId))
      .map((p) => ({
        ...key,
        personId: p.personId,
        recipientName,
        consentId: p.consentId,
        items: p.items,
        firstProvidedAt: at,
        lastProvidedAt: at,
        keepUntil: keep,
      })),
  });
  await tx.bulkProvisionRecord.updateMany({
    where: { id: { in: existing.map((e) => e.id) } },
    data: { lastProvidedAt: at, keepUntil: keep, recipientName },
  });
  for (const p of draft.people) {
    const row = known.get(p.personId);
    const had = new Set((row?.items as string[] | undefined) ?? []);
    const newConsent = row && p.consentId !== null && p.consentId !== row.consentId;
    if (row && (p.items.some((i) => !had.has(i)) || newConsent)) {
      await tx.bulkProvisionRecord.update({
        where: { id: row.id },
        data: { items: [...new Set([...had, ...p.items])].sort(), consentId: p.consentId ?? row.consentId },
      });
    }
  }
}
