/**
 * Telling "the database cannot serve now" from a bug. An unreachable server (P1001), a
 * timeout (P1002, P1008, P2024 pool, P2028 transaction), a dropped connection (P1017, the
 * driver adapter's errors, PostgreSQL's 57P0x/08xxx/53300, a busy, full or failing SQLite
 * file, a record writer thread that died) or an unmigrated database (P2021) is answered 503 SERVICE_UNAVAILABLE with
 * Retry-After: the client should retry, the load balancer should look at /ready. Never the
 * driver's message, which can name hosts, files and arguments.
 */
import { createGraphQLError } from "graphql-yoga";

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2010", "P2021", "P2024", "P2028"]);
const NAMES = new Set(["PrismaClientInitializationError", "DriverAdapterError"]);
const PG_CODES = /^(57P0[1-3]|08\d\d\d|53300|57014|55P03)$/;
const MESSAGES =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Connection terminated|timeout exceeded|SQLITE_(BUSY|FULL|IOERR|LOCKED|CANTOPEN|READONLY)|database is locked|disk is full|DB_TIMEOUT|record writer thread exited/;

export const RETRY_AFTER_SECONDS = 5;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as {
    name?: string;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    originalError?: unknown;
  };
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_CODES.has(code) || PG_CODES.test(code) || NAMES.has(e.name ?? "")) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.originalError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

export function serviceUnavailableError() {
  return createGraphQLError("The gateway cannot reach its database now; try again shortly.", {
    extensions: {
      code: "SERVICE_UNAVAILABLE",
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
    },
  });
}

/** Rejects with a DB_TIMEOUT error if `work` takes longer than `ms` (it keeps running). */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`DB_TIMEOUT: ${what} took over ${ms} ms`), { code: "DB_TIMEOUT" })),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
