/**
 * Reference data (API keys with their recipient, the catalog of items and purposes) is read
 * on every request and changes rarely, so it is cached per database client. Any change made
 * through this process (a GraphQL mutation, the key CLI, the seed) invalidates every cache
 * at once; other replicas see it within the TTL (TEIKYO_REFERENCE_TTL_MS, default 2000 ms;
 * 0 turns caching off). Person-level state (consents, opt-outs, suspensions) is never cached.
 */

let generation = 0;

/** Call after any write to keys, recipients, notices, checks, statements, pledges or the catalog. */
export function invalidateReferenceData(): void {
  generation++;
}

export function referenceTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TEIKYO_REFERENCE_TTL_MS;
  const ttl = raw === undefined || raw === "" ? 2000 : Number(raw);
  if (!Number.isInteger(ttl) || ttl < 0)
    throw new Error(`TEIKYO_REFERENCE_TTL_MS must be a whole number of milliseconds; got ${raw}.`);
  return ttl;
}

interface Entry {
  expires: number;
  generation: number;
  value: Promise<unknown>;
}

/** Entries beyond this are dropped oldest first, so random key ids cannot grow memory. */
const MAX_ENTRIES = 10_000;

export class ReferenceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The cached value, or a fresh load; a failed or null load is not kept. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs === 0) return load();
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && hit.expires > now) return hit.value as Promise<T>;
    const value = load();
    const entry: Entry = { expires: now + this.ttlMs, generation, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    value.then(
      (v) => {
        if (v === null && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }
}

const caches = new WeakMap<object, ReferenceCache>();

/** The cache of one database client. */
export function referenceCacheOf(db: object, ttlMs = referenceTtlMs()): ReferenceCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ReferenceCache(ttlMs);
    caches.set(db, cache);
  }
  return cache;
}
