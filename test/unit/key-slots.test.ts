/** Per-key slots: a key's extra requests wait behind its own, never another key's; a full queue refuses. */
import { describe, expect, it } from "vitest";
import { keySlots } from "../../src/hardening/key-slots.js";
import { peopleBurst } from "../../src/hardening/rate-counters.js";

describe("key slots", () => {
  it("lets a key hold its slots, queues the rest in order, and never delays another key", async () => {
    const slots = keySlots(2, 2);
    expect(await slots.acquire("a")).toBe(true);
    expect(await slots.acquire("a")).toBe(true);
    const order: string[] = [];
    const third = slots.acquire("a").then((ok) => order.push(`third ${ok}`));
    const fourth = slots.acquire("a").then((ok) => order.push(`fourth ${ok}`));
    expect(await slots.acquire("a")).toBe(false); // the queue of 2 is full
    expect(await slots.acquire("b")).toBe(true); // another key does not wait
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.release("a");
    await third;
    slots.release("a");
    await fourth;
    expect(order).toEqual(["third true", "fourth true"]);
    // Two still hold a's slots: releasing both frees them for new requests at once.
    slots.release("a");
    slots.release("a");
    expect(await slots.acquire("a")).toBe(true);
    expect(await slots.acquire("a")).toBe(true);
  });
});

describe("people burst window", () => {
  it.each([
    [20_000, 1_667],
    [120_000, 10_000],
    [6_000, 1_000],
    [5, 5],
  ])(
    "spreads %i people a minute as %i per 5 s (at least one full operation, at most the minute)",
    (minute, burst) => {
      expect(peopleBurst({ points: minute, durationSeconds: 60 })).toEqual({
        points: burst,
        durationSeconds: 5,
      });
    },
  );
});
