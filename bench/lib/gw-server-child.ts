/**
 * The side of a benchmark server process that talks to the benchmark that started it: it listens on an
 * ephemeral port of 127.0.0.1, says so over the IPC channel, and answers the parent's
 * questions (memory, CPU time, requests served, SQL statements per request). Every server
 * of the benchmark (Teikyo, the control, the calibration servers) runs through serve().
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type QueryLog, queryTotals, withQueryLog } from "./gw-counting-db.js";

export type ToServer = { id: number; type: "stats" | "reset" | "close" };

export interface ServerStats {
  rss: number;
  heapUsed: number;
  /** CPU time of the process, microseconds (user + system) since it started. */
  cpuMicros: number;
  requests: number;
  /** SQL statements per request, in request order, since the last reset (counting servers only). */
  statementsPerRequest: number[];
  /** The SQL of the last request (counting servers only). */
  lastStatements: string[];
  unattributedStatements: number;
}

export type FromServer =
  { type: "ready"; port: number; pid: number } | { type: "reply"; id: number; stats?: ServerStats };

/** Options every benchmark server takes as its JSON argument. */
export interface ServerOptions {
  /** Database URL (Teikyo and the control). */
  url?: string;
  /** Count SQL statements per request (Teikyo and the control). */
  count?: boolean;
  /** Teikyo only: execute on graphql-js instead of compiled queries (graphql-jit). */
  interpreted?: boolean;
}

export function serverOptions(): ServerOptions {
  return JSON.parse(process.argv[2] ?? "{}") as ServerOptions;
}

const MAX_KEPT = 1000;

export function serve(
  handler: RequestListener,
  options: { count?: boolean; close?: () => Promise<void> } = {},
) {
  let requests = 0;
  let perRequest: number[] = [];
  let lastStatements: string[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    if (!options.count) return handler(req, res);
    const log: QueryLog = { count: 0, statements: [] };
    res.on("finish", () => {
      if (perRequest.length < MAX_KEPT) perRequest.push(log.count);
      lastStatements = log.statements ?? [];
    });
    return withQueryLog(log, () => handler(req, res));
  };
  const server = createServer(listener);
  server.keepAliveTimeout = 30_000;
  server.listen(Number(process.env.BENCH_LISTEN_PORT || 0), "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ type: "ready", port, pid: process.pid } satisfies FromServer);
  });

  const shutdown = async () => {
    server.closeAllConnections();
    server.close();
    await options.close?.().catch(() => undefined);
    process.exit(0); // writes a --cpu-prof profile, if one was asked for
  };
  process.on("message", (raw) => {
    const message = raw as ToServer;
    if (message.type === "close") {
      process.send?.({ type: "reply", id: message.id } satisfies FromServer);
      void shutdown();
      return;
    }
    if (message.type === "reset") {
      requests = 0;
      perRequest = [];
      queryTotals.unattributed = 0;
    }
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const stats: ServerStats = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      cpuMicros: cpu.user + cpu.system,
      requests,
      statementsPerRequest: perRequest,
      lastStatements,
      unattributedStatements: queryTotals.unattributed,
    };
    process.send?.({ type: "reply", id: message.id, stats } satisfies FromServer);
  });
  // The parent going away ends the server too.
  process.on("disconnect", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}
