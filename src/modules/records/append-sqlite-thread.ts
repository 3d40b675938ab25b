/**
 * The worker thread that writes a SQLite database's provision records (decision 0089): one
 * per connection of a client, started on the first record write, stopped when the client
 * disconnects. It keeps the process alive only while a write is pending. A failure in it
 * reaches the caller as an Error with the driver's `code` (SQLITE_FULL, SQLITE_BUSY, ...),
 * which src/hardening/database-unavailable.ts maps to 503; a thread that dies fails its
 * pending writes and is replaced on the next write.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { SqliteDatabase } from "../../db/direct.js";
import type { AppendedEvent } from "./append-postgres.js";
import type { ProvisionDraft } from "../provision/provision-draft.js";

export interface AppendJob {
  id: number;
  chain: number;
  drafts: ProvisionDraft[];
}
export type AppendReply =
  | { id: number; events: AppendedEvent[] }
  | { id: number; error: { name: string; message: string; code?: unknown; stack?: string } };

/** The code of the error a write gets when the thread died under it. */
export const RECORD_THREAD_EXITED = "RECORD_THREAD_EXITED";

// The entry has this module's extension: .ts when run from source (tsx, vitest).
const ENTRY = new URL(`./append-sqlite-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * The thread, running TypeScript when run from source: Node 20 does not apply the tsx
 * loader of `--import tsx` to a worker's entry, nor does vitest's transform reach it, so the
 * thread registers tsx itself before importing the entry.
 */
/** What the thread opens: the file, read-only when the client's connection is. */
export interface RecordThreadFile {
  file: string;
  readonly: boolean;
}

function spawn(workerData: RecordThreadFile): Worker {
  if (!ENTRY.pathname.endsWith(".ts")) return new Worker(ENTRY, { workerData });
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(ENTRY.href);
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}); });`, {
    eval: true,
    workerData,
  });
}

interface Pending {
  resolve: (events: AppendedEvent[]) => void;
  reject: (error: Error) => void;
}

class RecordThread {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(private readonly file: RecordThreadFile) {}

  append(chain: number, drafts: ProvisionDraft[]): Promise<AppendedEvent[]> {
    if (this.closed) return Promise.reject(new Error("The SQLite connection is closed."));
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise<AppendedEvent[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      try {
        worker.postMessage({ id, chain, drafts } satisfies AppendJob);
      } catch (error) {
        this.settle(id)?.reject(error as Error);
      }
    });
  }

  /** Starts the thread now, so the first record write does not wait for it (about a second). */
  warm(): void {
    if (!this.closed && !this.worker) this.start();
  }

  close(): void {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    // Its pending writes fail by the exit event.
    void worker?.terminate();
  }

  private start(): Worker {
    const worker = spawn(this.file);
    worker.unref();
    worker.on("message", (reply: AppendReply) => {
      const pending = this.settle(reply.id);
      if (!pending) return;
      if ("events" in reply) pending.resolve(reply.events);
      else pending.reject(rebuilt(reply.error));
    });
    worker.on("error", (error) => this.died(worker, error));
    worker.on("exit", (exitCode) =>
      this.died(
        worker,
        Object.assign(new Error(`The record writer thread exited (code ${exitCode}).`), {
          code: RECORD_THREAD_EXITED,
        }),
      ),
    );
    this.worker = worker;
    return worker;
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    return pending;
  }

  /** Every pending write fails with `error`; the next write starts a new thread. */
  private died(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}

/** The driver's error as the caller would have had it on this thread: message, name, code. */
function rebuilt(e: Extract<AppendReply, { error: unknown }>["error"]): Error {
  const error = new Error(e.message);
  error.name = e.name;
  if (e.stack) error.stack = e.stack;
  if (e.code !== undefined) Object.assign(error, { code: e.code });
  return error;
}

const threads = new WeakMap<SqliteDatabase, RecordThread>();

/** The record thread of the connection `database` (its file), stopped when `closed` aborts. */
export function recordThreadFor(database: SqliteDatabase, closed: AbortSignal): RecordThread {
  let thread = threads.get(database);
  if (!thread) {
    const created = new RecordThread({ file: database.name, readonly: database.readonly });
    thread = created;
    threads.set(database, created);
    if (closed.aborted) created.close();
    else closed.addEventListener("abort", () => created.close(), { once: true });
  }
  return thread;
}
