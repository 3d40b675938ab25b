/**
 * Requests in progress per API key, in this process: at most `slots` at once; the next ones
 * wait their turn (first come, first served) behind the same key's, never behind another
 * key's. Past `queue` waiting, a request is refused. So a key flooding on many connections
 * competes with the others with `slots` requests, however many connections it opens.
 */
export interface KeySlots {
  /** True once the request holds a slot; false when the key's queue is full. */
  acquire(keyId: string): Promise<boolean>;
  release(keyId: string): void;
}

export function keySlots(slots: number, queue: number): KeySlots {
  const running = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  return {
    async acquire(keyId) {
      const now = running.get(keyId) ?? 0;
      if (now < slots) {
        running.set(keyId, now + 1);
        return true;
      }
      const line = waiting.get(keyId) ?? [];
      if (line.length >= queue) return false;
      waiting.set(keyId, line);
      // The slot passes from the releasing request straight to this one (running unchanged).
      await new Promise<void>((resolve) => line.push(resolve));
      return true;
    },
    release(keyId) {
      const line = waiting.get(keyId);
      const next = line?.shift();
      if (line && line.length === 0) waiting.delete(keyId);
      if (next) return next();
      const left = (running.get(keyId) ?? 1) - 1;
      if (left > 0) running.set(keyId, left);
      else running.delete(keyId);
    },
  };
}
