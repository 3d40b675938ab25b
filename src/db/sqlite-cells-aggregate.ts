/**
 * teikyo_cells, an SQLite aggregate in JavaScript: the finest cells of a statistics table in
 * one pass over its rows, grouped in Maps. SQLite groups only by sorting, and at a million
 * people the sort of one row per person was half the cells statement's time and the part
 * that grew faster than the people (docs/decisions/0094). The statement reads the result back
 * with json_each, so the margins are still summed in SQL from the finest cells.
 *
 * teikyo_cells(ck, orders, amount, n, total, d0, d1, ...) over one row per person: ck the
 * person's cell key, orders and amount what is summed (capped under differential privacy),
 * n and total what the largest is taken of, d0.. the cell. Its result is a JSON array with,
 * per cell, [d0.., people, keysum, orders, amount, toporders, topamount]: what
 * COUNT(*), SUM(ck), SUM(orders), SUM(amount), MAX(n), MAX(total) grouped by d0.. give,
 * but keysum already reduced mod 2^31 (the statement reduces it so anyway), which keeps
 * it exact in a JavaScript number for any number of people.
 */

export const CELLS_AGGREGATE = "teikyo_cells";

const KEY_MODULUS = 2147483648;

interface Cell {
  dims: unknown[];
  people: number;
  keysum: number;
  orders: number;
  amount: number;
  toporders: number;
  topamount: number;
}

/**
 * Cells found so far, and a tree of Maps from the labels to them: one Map lookup per label,
 * where a joined key would build a string for every person (ten times slower). A Map tells
 * null from "null" and keeps each string as it is.
 */
interface Cells {
  tree: Map<unknown, unknown>;
  list: Cell[];
}

/** The part of better-sqlite3's Database that registers an aggregate. */
export interface AggregateHost {
  aggregate(
    name: string,
    options: {
      start: () => Cells;
      step: (cells: Cells, ...args: unknown[]) => void;
      result: (cells: Cells) => string;
      varargs: boolean;
      safeIntegers: boolean;
      deterministic: boolean;
      directOnly: boolean;
    },
  ): unknown;
}

const number = (value: unknown) => (typeof value === "number" ? value : Number(value ?? 0));

/** Registers teikyo_cells on a connection (the adapter does, on every connect). */
export function registerCellsAggregate(database: AggregateHost): void {
  database.aggregate(CELLS_AGGREGATE, {
    start: () => ({ tree: new Map(), list: [] }),
    step(cells, ck, orders, amount, n, total, ...dims) {
      let level = cells.tree;
      for (let i = 0; i < dims.length - 1; i++) {
        let next = level.get(dims[i]) as Map<unknown, unknown> | undefined;
        if (!next) level.set(dims[i], (next = new Map()));
        level = next;
      }
      const last = dims[dims.length - 1];
      const cell = level.get(last) as Cell | undefined;
      if (!cell) {
        const made: Cell = {
          dims,
          people: 1,
          keysum: number(ck) % KEY_MODULUS,
          orders: number(orders),
          amount: number(amount),
          toporders: number(n),
          topamount: number(total),
        };
        level.set(last, made);
        cells.list.push(made);
        return;
      }
      cell.people += 1;
      cell.keysum = (cell.keysum + number(ck)) % KEY_MODULUS;
      cell.orders += number(orders);
      cell.amount += number(amount);
      cell.toporders = Math.max(cell.toporders, number(n));
      cell.topamount = Math.max(cell.topamount, number(total));
    },
    result: (cells) =>
      JSON.stringify(
        cells.list.map((c) => [...c.dims, c.people, c.keysum, c.orders, c.amount, c.toporders, c.topamount]),
      ),
    varargs: true,
    // Keys, counts and amounts are far inside 2^53; the adapter's connection reads BigInt.
    safeIntegers: false,
    deterministic: true,
    directOnly: true,
  });
}
