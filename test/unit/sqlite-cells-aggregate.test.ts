/**
 * teikyo_cells (src/db/sqlite-cells-aggregate.ts) gives what the GROUP BY it replaces on
 * SQLite gives: per cell the people, the key sum mod 2^31, the sums and the largest values,
 * with a null dimension its own cell apart from the text "null", and nothing for no rows.
 */
import BetterSqlite from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AggregateHost, registerCellsAggregate } from "../../src/db/sqlite-cells-aggregate.js";

/** The part of better-sqlite3 used here (the project types it only where it uses it). */
interface Connection {
  defaultSafeIntegers(on: boolean): unknown;
  exec(sql: string): unknown;
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    safeIntegers(on: boolean): { all(...params: unknown[]): unknown[] };
  };
}

type Row = [ck: number, n: number, amount: number, d0: string | null, d1: string | null];

function database() {
  const db = new BetterSqlite(":memory:") as unknown as Connection;
  db.defaultSafeIntegers(true); // as Prisma's adapter opens it
  registerCellsAggregate(db as unknown as AggregateHost);
  db.exec("CREATE TABLE pc (ck INTEGER, n INTEGER, amount INTEGER, d0 TEXT, d1 TEXT)");
  return db;
}

function cells(db: Connection, rows: Row[]) {
  db.exec("DELETE FROM pc");
  const insert = db.prepare("INSERT INTO pc VALUES (?, ?, ?, ?, ?)");
  for (const r of rows) insert.run(...r);
  const byAggregate = db
    .prepare(
      `SELECT j.value ->> 0 AS d0, j.value ->> 1 AS d1, j.value ->> 2 AS people, j.value ->> 3 AS keysum,
         j.value ->> 4 AS orders, j.value ->> 5 AS amount, j.value ->> 6 AS toporders, j.value ->> 7 AS topamount
       FROM json_each((SELECT teikyo_cells(ck, CASE WHEN n > 20 THEN 20 ELSE n END, amount, n, amount, d0, d1) FROM pc)) j
       ORDER BY d0, d1`,
    )
    .safeIntegers(false)
    .all();
  const byGroup = db
    .prepare(
      `SELECT d0, d1, COUNT(*) AS people, SUM(ck) % 2147483648 AS keysum,
         SUM(CASE WHEN n > 20 THEN 20 ELSE n END) AS orders, SUM(amount) AS amount,
         MAX(n) AS toporders, MAX(amount) AS topamount
       FROM pc GROUP BY d0, d1 ORDER BY d0, d1`,
    )
    .safeIntegers(false)
    .all();
  return { byAggregate, byGroup };
}

describe("teikyo_cells, the SQLite cells aggregate", () => {
  it("groups as GROUP BY does: nulls apart from 'null', key sums mod 2^31, capped sums, largest values", () => {
    const db = database();
    const { byAggregate, byGroup } = cells(db, [
      [2147483647, 3, 1200, "東京都", "30-39"],
      [2147483647, 25, 90000, "東京都", "30-39"],
      [5, 0, 0, null, "30-39"],
      [6, 1, 500, "null", "30-39"],
      [7, 2, 800, "other", null],
    ]);
    expect(byAggregate).toEqual(byGroup);
    expect(byAggregate).toContainEqual({
      d0: "東京都",
      d1: "30-39",
      people: 2,
      keysum: (2 * 2147483647) % 2147483648,
      orders: 23,
      amount: 91200,
      toporders: 25,
      topamount: 90000,
    });
  });

  it("gives no cells for no rows, as GROUP BY does", () => {
    expect(cells(database(), [])).toEqual({ byAggregate: [], byGroup: [] });
  });

  it("agrees with GROUP BY on generated rows", () => {
    const db = database();
    const label = fc.constantFrom(null, "北海道", "沖縄県", "other", "null", "", "0-9", "90+");
    const row = fc.tuple(
      fc.integer({ min: 0, max: 2147483647 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 300000 }),
      label,
      label,
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const { byAggregate, byGroup } = cells(db, rows);
        expect(byAggregate).toEqual(byGroup);
      }),
      { numRuns: 200 },
    );
  });
});
