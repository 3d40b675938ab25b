/** Reference data is served from cache within its TTL, and never after a change in this process. */
import { describe, expect, it } from "vitest";
import { invalidateReferenceData, ReferenceCache } from "../../src/cache/reference-cache.js";

function counter<T>(value: T) {
  let calls = 0;
  return {
    load: async () => {
      calls++;
      return value;
    },
    calls: () => calls,
  };
}

describe("ReferenceCache", () => {
  it("loads once within the TTL and again after it", async () => {
    let now = 0;
    const cache = new ReferenceCache(1000, () => now);
    const source = counter("catalog");
    await cache.get("k", source.load);
    now = 999;
    await cache.get("k", source.load);
    expect(source.calls()).toBe(1);
    now = 1000;
    await cache.get("k", source.load);
    expect(source.calls()).toBe(2);
  });

  it("starts over after any change in this process", async () => {
    const cache = new ReferenceCache(60_000);
    const source = counter("key row");
    await cache.get("k", source.load);
    invalidateReferenceData();
    await cache.get("k", source.load);
    expect(source.calls()).toBe(2);
  });

  it("keeps neither misses nor failures", async () => {
    const cache = new ReferenceCache(60_000);
    const missing = counter(null);
    await cache.get("unknown", missing.load);
    await cache.get("unknown", missing.load);
    expect(missing.calls()).toBe(2);
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error("database down");
      return "ok";
    };
    await expect(cache.get("f", flaky)).rejects.toThrow("database down");
    fail = false;
    await expect(cache.get("f", flaky)).resolves.toBe("ok");
  });

  it("with a TTL of 0, always loads", async () => {
    const cache = new ReferenceCache(0);
    const source = counter(1);
    await cache.get("k", source.load);
    await cache.get("k", source.load);
    expect(source.calls()).toBe(2);
  });
});
