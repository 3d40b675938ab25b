/**
 * The few declarations the gateway benchmark needs from two untyped packages: autocannon
 * (no types of its own; only its programmatic API as bench/lib/load.ts calls it) and
 * better-sqlite3 (installed with @prisma/adapter-better-sqlite3; the raw SQLite baseline
 * of the record-writing scenario uses it directly).
 */
declare module "autocannon" {
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    p999?: number;
    total: number;
  }
  export interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    workers?: number;
    expectBody?: string;
  }
  export interface Result {
    latency: Histogram;
    requests: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    "2xx": number;
    "4xx": number;
    "5xx": number;
  }
  /** The running load: a promise of its result that also reports each response as it comes. */
  export interface Instance extends Promise<Result> {
    on(
      event: "response",
      listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
    ): this;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}

declare module "better-sqlite3" {
  interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }
  interface Statement {
    run(...params: unknown[]): RunResult;
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  }
  class Database {
    constructor(filename: string, options?: Record<string, unknown>);
    prepare(sql: string): Statement;
    exec(sql: string): this;
    pragma(source: string): unknown;
    transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
    close(): void;
  }
  export default Database;
}

/*
 * PostGraphile 5, for the optional peer of the partner-query scenario (bench/lib/gw-peer.ts):
 * not a dependency, so only what bench/lib/gw-peer-server.ts calls, loosely typed; the same
 * with the package installed or not.
 */
declare module "postgraphile" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export interface PostGraphileInstance {
    createServ(grafserv: (config: unknown) => unknown): {
      createHandler(): (req: IncomingMessage, res: ServerResponse) => void;
      release(): Promise<void>;
    };
    getSchema(): Promise<unknown>;
    release(): Promise<void>;
  }
  export function postgraphile(preset: Record<string, unknown>): PostGraphileInstance;
}
declare module "postgraphile/presets/amber" {
  export const PostGraphileAmberPreset: Record<string, unknown>;
}
declare module "postgraphile/adaptors/pg" {
  export function makePgService(
    options: { connectionString?: string; schemas?: string[] } & Record<string, unknown>,
  ): unknown;
}
declare module "postgraphile/grafserv/node" {
  export function grafserv(config: unknown): unknown;
}
