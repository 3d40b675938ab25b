/**
 * The rate counters (rate-limiter-flexible, fixed windows): in this process's memory, or in
 * Redis so that replicas share them. When Redis is unreachable, each replica counts in
 * memory instead (the insurance limiter) rather than refusing or waiting.
 */
import { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { RateLimits, Window } from "./settings.js";

export interface Counter {
  window: Window;
  /** Counts one event: the wait in ms if it went over the limit, else null. */
  hit(key: string): Promise<number | null>;
  /** The wait in ms if the key has already used up its window, else null. */
  exhausted(key: string): Promise<number | null>;
  /** Counts `points` events that already happened (never refused: they are past). */
  add(key: string, points: number): Promise<void>;
}

export interface Counters {
  perKey: Counter;
  /** Requests without a key, per address (the public schema); a key's budget per address. */
  perAddress: Counter;
  peoplePerKey: Counter;
  /** The same people limit over 5 s windows (peopleBurst): a key's minute is spread out. */
  peopleBurst: Counter;
  failedAuth: Counter;
  close(): Promise<void>;
}

function counter(limiter: RateLimiterAbstract, window: Window, ready: Promise<void>): Counter {
  return {
    window,
    async hit(key) {
      await ready;
      try {
        await limiter.consume(key);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
        throw rejection;
      }
    },
    async exhausted(key) {
      await ready;
      const res = await limiter.get(key);
      return res && res.consumedPoints >= window.points ? res.msBeforeNext : null;
    },
    async add(key, points) {
      await ready;
      if (points > 0) await limiter.penalty(key, points);
    },
  };
}

/** Redis, and a promise that settles once it is first ready or first fails (at most 2 s). */
function connect(url: string): { redis: Redis; ready: Promise<void> } {
  // No offline queue: while disconnected, commands fail at once and the memory insurance
  // counts, instead of every request waiting for a reconnection.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let down = false;
  redis.on("error", (error: Error & { code?: string }) => {
    if (!down)
      console.warn(`Rate limits: Redis unreachable (${error.code ?? error.name}); counting in memory.`);
    down = true;
  });
  redis.on("ready", () => {
    if (down) console.warn("Rate limits: Redis reachable again.");
    down = false;
  });
  // Only the first requests wait, so that they count in Redis rather than in memory.
  const ready = new Promise<void>((resolve) => {
    redis.once("ready", resolve);
    redis.once("error", () => resolve());
    setTimeout(resolve, 2_000).unref();
  });
  return { redis, ready };
}

/**
 * A key's people per minute, spread over 5 s windows: a twelfth of them each (at least one
 * full operation's 1,000, and never more than the minute's). Without it a flooding key takes
 * its whole minute in the first seconds, and the CPU with it, while other keys wait.
 */
export function peopleBurst(minute: Window): Window {
  const share = Math.ceil((minute.points * 5) / minute.durationSeconds);
  return { points: Math.max(share, Math.min(minute.points, 1_000)), durationSeconds: 5 };
}

export function createCounters(settings: RateLimits): Counters {
  const store = settings.redisUrl ? connect(settings.redisUrl) : null;
  const ready = store?.ready ?? Promise.resolve();
  const make = (name: string, window: Window): Counter => {
    const options = {
      keyPrefix: `${settings.keyPrefix}:${name}`,
      points: window.points,
      duration: window.durationSeconds,
    };
    const memory = new RateLimiterMemory(options);
    const limiter = store
      ? new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter: memory })
      : memory;
    return counter(limiter, window, ready);
  };
  return {
    perKey: make("key", settings.perKey),
    perAddress: make("address", settings.perKey),
    peoplePerKey: make("people", settings.peoplePerKey),
    peopleBurst: make("people-burst", peopleBurst(settings.peoplePerKey)),
    failedAuth: make("auth-failures", settings.failedAuthPerIp),
    async close() {
      await store?.redis.quit().catch(() => store.redis.disconnect());
    },
  };
}
