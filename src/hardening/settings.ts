/**
 * Query limits and rate limits, with their defaults (why these values:
 * docs/decisions/0006-query-limits-and-rate-limits.md). Rate limits come from the
 * environment for the server; tests pass small ones to createTeikyo.
 */
import { envInt } from "../env.js";
export interface QueryLimits {
  /** Nesting of selections, fragment spreads included. */
  maxDepth: number;
  /** graphql-armor's cost estimate: objects 2, scalars 1, x1.5 per level, x a literal `first`. */
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens in the query text. */
  maxTokens: number;
  /** Bytes of the HTTP request body (query and variables). */
  maxBodyBytes: number;
  /** Every `first` argument is a page size from 1 to this. */
  maxPageSize: number;
  /** People one operation may ask for, all `people` fields together (their `first`, coerced). */
  maxPeoplePerOperation: number;
}

export interface Window {
  points: number;
  durationSeconds: number;
}

export interface RateLimits {
  /** Requests per authenticated API key. */
  perKey: Window;
  /**
   * People provided per API key (counted after the records are written, from what left):
   * once a key has used its window, its requests are refused until the window ends.
   */
  peoplePerKey: Window;
  /**
   * GraphQL requests of one API key in progress at once in this process: a key flooding on
   * many connections queues behind itself, not in front of the other keys.
   */
  concurrentPerKey: number;
  /** Failed authentications per client IP; past it, the IP is refused before its key is checked. */
  failedAuthPerIp: Window;
  /** Proxies in front of the gateway whose X-Forwarded-For is trusted (0: the socket address). */
  trustedProxies: number;
  /** Redis URL shared by replicas; without it, counters stay in this process's memory. */
  redisUrl: string | null;
  /** Prefix of the counters' keys in the store. */
  keyPrefix: string;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxCost: 120_000,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1_000,
  maxBodyBytes: 100 * 1024,
  // Every list's bound too: src/modules/page-size.ts (people, records, audit and staff lists).
  maxPageSize: 500,
  // Two full pages; sixteen aliased root fields of 500 (8,000 people) took a second each.
  maxPeoplePerOperation: 1_000,
};

/** "on"/"true" trust one proxy; a number trusts that many; unset or "off" trusts none. */
function trustedProxies(raw: string | undefined): number {
  const value = (raw ?? "").trim().toLowerCase();
  if (["", "off", "false", "no", "0"].includes(value)) return 0;
  if (["on", "true", "yes"].includes(value)) return 1;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 1)
    throw new Error(`TEIKYO_TRUST_PROXY must be on, off or a number of proxies; got ${raw}.`);
  return hops;
}

export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimits {
  return {
    perKey: { points: envInt(env, "TEIKYO_RATE_LIMIT_PER_KEY", 600, 1), durationSeconds: 60 },
    peoplePerKey: { points: envInt(env, "TEIKYO_PEOPLE_LIMIT_PER_KEY", 20_000, 1), durationSeconds: 60 },
    concurrentPerKey: envInt(env, "TEIKYO_CONCURRENT_PER_KEY", 4, 1),
    failedAuthPerIp: { points: envInt(env, "TEIKYO_AUTH_FAILURES_PER_IP", 20, 1), durationSeconds: 600 },
    trustedProxies: trustedProxies(env.TEIKYO_TRUST_PROXY),
    redisUrl: env.TEIKYO_REDIS_URL?.trim() || null,
    keyPrefix: "teikyo",
  };
}
