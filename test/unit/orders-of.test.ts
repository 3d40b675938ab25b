/**
 * A person's orders as the page statement reads them (positional JSON arrays,
 * people.sql.ts): decoded from either database's text, oldest first, then by order id.
 */
import { describe, expect, it } from "vitest";
import { ordersOf } from "../../src/modules/people/loaders.js";

describe("ordersOf", () => {
  it("decodes PostgreSQL's json and SQLite's text alike, oldest first and then by id", () => {
    const postgres = [
      ["O3", "2026-05-02T09:00:00", "茶葉", "food", 1200],
      ["O2", "2026-05-01T09:00:00", "急須", "kitchen", 3400],
      ["O1", "2026-05-02T09:00:00", "湯呑", "kitchen", 800],
    ];
    const sqlite = JSON.stringify(
      postgres.map(([id, at, ...rest]) => [id, `${String(at)}.000+00:00`, ...rest.map(String)]),
    );
    const expected = [
      {
        id: "O2",
        personId: "C000001",
        orderedAt: new Date("2026-05-01T09:00:00Z"),
        product: "急須",
        category: "kitchen",
        amount: 3400,
      },
      {
        id: "O1",
        personId: "C000001",
        orderedAt: new Date("2026-05-02T09:00:00Z"),
        product: "湯呑",
        category: "kitchen",
        amount: 800,
      },
      {
        id: "O3",
        personId: "C000001",
        orderedAt: new Date("2026-05-02T09:00:00Z"),
        product: "茶葉",
        category: "food",
        amount: 1200,
      },
    ];
    expect(ordersOf("C000001", postgres)).toEqual(expected);
    expect(ordersOf("C000001", sqlite)).toEqual(expected);
  });

  it("puts short and long histories in the same order (a short one is sorted without Array.sort)", () => {
    // Shuffled by a fixed step; every third order shares its time with another.
    for (const count of [2, 5, 16, 17, 40]) {
      const tuples = Array.from({ length: count }, (_, i) => {
        const k = (i * 7) % count;
        const day = String(1 + Math.floor(k / 3)).padStart(2, "0");
        return [`O${String(count - k).padStart(2, "0")}`, `2026-05-${day}T09:00:00`, "p", "c", k];
      });
      const ids = ordersOf("C1", tuples).map((o) => o.id);
      const expected = [...tuples]
        .sort(
          ([a, at], [b, bt]) => String(at).localeCompare(String(bt)) || String(a).localeCompare(String(b)),
        )
        .map(([id]) => id);
      expect(ids, `${count} orders`).toEqual(expected);
    }
  });

  it("reads no orders as none", () => {
    expect(ordersOf("C000001", "[]")).toEqual([]);
    expect(ordersOf("C000001", null)).toEqual([]);
  });
});
