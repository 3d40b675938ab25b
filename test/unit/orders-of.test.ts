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

  it("reads no orders as none", () => {
    expect(ordersOf("C000001", "[]")).toEqual([]);
    expect(ordersOf("C000001", null)).toEqual([]);
  });
});
