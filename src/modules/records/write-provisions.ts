/**
 * Appends provision events to the hash chains, one writer per chain (chosen by recipient,
 * record-chains.ts), so groups for different chains commit side by side. Requests that
 * finish while a write is in flight are committed together in the next transaction (group
 * commit): one call to the database for the whole group (appendToChain below), and each
 * request still waits for its own records to commit. If a group fails, each request's
 * records are retried alone, so one bad draft cannot fail the others. Each transaction is
 * bounded by TEIKYO_DB_TIMEOUT_MS (waiting for a connection and running), so a stuck
 * database fails requests with 503 instead of holding them, and /ready can see a commit
 * that has been running too long.
 */
import { dbTimeoutMs } from "../../db/adapter.js";
import type { Db } from "../../db/client.js";
import { directOf } from "../../db/direct.js";
import { withTimeout } from "../../hardening/database-unavailable.js";
import { type AppendedEvent, appendOnPostgres } from "./append-postgres.js";
import { appendOnSqlite, warmSqliteRecordThread } from "./append-sqlite.js";
import type { ProvisionDraft } from "../provision/provision-draft.js";
import { chainOf } from "./record-chains.js";

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
      // Wait out this turn of the event loop: requests whose answers are ready in it join the
      // first group instead of the first committing alone (one transaction, one fsync, and on
      // SQLite one stop of the event loop instead of several). An idle gateway loses one turn.
      await new Promise((r) => setImmediate(r));
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

/** Gets record writing ready before the first request: on SQLite, starts the record thread. */
export async function prepareRecordWriting(db: Db): Promise<void> {
  const direct = await directOf(db);
  if (direct.kind === "sqlite") await warmSqliteRecordThread(direct);
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
 * One transaction, one call: on PostgreSQL the stored function teikyo_append_provisions
 * (one statement), on SQLite one synchronous transaction of prepared statements. Each locks
 * the chain's head (a new chain starts at genesis), hashes and numbers the events from it,
 * inserts events, people and bulk records, and moves the head (docs/decisions/0086). The
 * statement on PostgreSQL is bounded by the pool's statement timeout and connection wait
 * (both TEIKYO_DB_TIMEOUT_MS); SQLite's by its busy timeout.
 */
async function appendToChain(db: Db, chain: number, drafts: ProvisionDraft[]): Promise<AppendedEvent[]> {
  const direct = await directOf(db);
  return direct.kind === "postgresql"
    ? appendOnPostgres(direct, chain, drafts)
    : appendOnSqlite(direct, chain, drafts);
}
