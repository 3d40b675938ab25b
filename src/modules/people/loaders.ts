/**
 * Per-request DataLoaders: a page of people costs one orders statement, not one per person.
 * The statement's text is the same for any number of people (the ids are one bound list),
 * so it is prepared once and a page of 1 or 500 people costs the same round trip. Usually
 * not even that: when an operation asks for orders, the page's statement reads them too
 * and primes this loader (provision/eligible-people.ts); the statement here serves the rest.
 */
import DataLoader from "dataloader";
import type { Db, Order } from "../../db/client.js";
import type { Provider } from "../../db/database-url.js";
import { sqlDriverOf, type SqlStatement } from "../../db/sql-driver.js";
import { jsonOf, SqlText } from "../../db/sql-text.js";
import { columnsOf, decoded, instantOf, ORDER } from "../../db/tables.js";

export type OrderRow = Order;

export interface Loaders {
  ordersByPerson: DataLoader<string, OrderRow[]>;
}

const o = columnsOf("o", ORDER);
const ORDER_COLUMNS = Object.values(o).join(", ");

/** The orders of these people, each person's oldest first. */
export function ordersStatement(provider: Provider, personIds: readonly string[]): SqlStatement {
  const sql = new SqlText(provider);
  const text = `SELECT ${ORDER_COLUMNS} FROM "Order" o WHERE ${sql.oneOf(o.personId, personIds)}
ORDER BY ${o.personId}, ${o.orderedAt}, ${o.id}`;
  return { label: "order.byPerson", text, params: sql.values };
}

/**
 * Oldest first, then by order id (UTF-16 code units, the same whatever the database's
 * collation): one order for both ways orders are read.
 */
function oldestFirst(a: OrderRow, b: OrderRow): number {
  return a.orderedAt.getTime() - b.orderedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The columns of an order as the page statement reads them (people.sql.ts), by position:
 * the person is the page row's. A JSON array per order instead of an object costs
 * PostgreSQL a quarter less for a page of 100 (docs/decisions/0095). ordersOf reads the
 * positions in this order: change both together (orders-loader.test.ts compares every column).
 */
export const ORDER_TUPLE = [
  "id",
  "orderedAt",
  "product",
  "category",
  "amount",
] as const satisfies readonly (keyof OrderRow)[];

/**
 * Sorts a person's few orders in place, oldest first: an insertion sort, since
 * Array.prototype.sort allocates work space on every call (sorting each person's three or so
 * orders made 54 KB of garbage per page of 100 people).
 */
function sortOrders(list: OrderRow[]): OrderRow[] {
  if (list.length > 16) return list.sort(oldestFirst);
  for (let i = 1; i < list.length; i++) {
    const order = list[i]!;
    let j = i - 1;
    for (; j >= 0 && oldestFirst(list[j]!, order) > 0; j--) list[j + 1] = list[j]!;
    list[j + 1] = order;
  }
  return list;
}

/** A person's orders from the JSON array of ORDER_TUPLEs the page statement reads, oldest first. */
export function ordersOf(personId: string, json: unknown): OrderRow[] {
  const tuples = (jsonOf(json) ?? []) as unknown[][];
  return sortOrders(
    tuples.map(([id, orderedAt, product, category, amount]) => ({
      id: String(id),
      personId,
      orderedAt: instantOf(orderedAt),
      product: String(product),
      category: String(category),
      amount: Number(amount),
    })),
  );
}

export function createLoaders(db: Db): Loaders {
  return {
    ordersByPerson: new DataLoader(
      async (personIds) => {
        const driver = sqlDriverOf(db);
        const rows = await driver.all(ordersStatement(driver.provider, personIds));
        const byPerson = new Map<string, OrderRow[]>();
        for (const raw of rows) {
          const row = decoded(raw, ORDER) as OrderRow;
          const list = byPerson.get(row.personId);
          if (list) list.push(row);
          else byPerson.set(row.personId, [row]);
        }
        return personIds.map((id) => sortOrders(byPerson.get(id) ?? []));
      },
      // One page (at most 500 people) is one statement; a request of several pages, one per 500.
      { maxBatchSize: 500 },
    ),
  };
}
