/**
 * Per-request DataLoaders: a page of people costs one orders statement, not one per person.
 * The statement's text is the same for any number of people (the ids are one bound list),
 * so it is prepared once and a page of 1 or 500 people costs the same round trip.
 */
import DataLoader from "dataloader";
import type { Db, Order } from "../../db/client.js";
import type { Provider } from "../../db/database-url.js";
import { sqlDriverOf, type SqlStatement } from "../../db/sql-driver.js";
import { SqlText } from "../../db/sql-text.js";
import { columnsOf, decoded, ORDER } from "../../db/tables.js";

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
        return personIds.map((id) => byPerson.get(id) ?? []);
      },
      // One page (at most 500 people) is one statement; a request of several pages, one per 500.
      { maxBatchSize: 500 },
    ),
  };
}
