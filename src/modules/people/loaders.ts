/** Per-request DataLoaders: a page of people costs one orders query, not one per person. */
import DataLoader from "dataloader";
import type { Db } from "../../db/client.js";
import type { Order } from "../../db/client.js";

export type OrderRow = Order;

export interface Loaders {
  ordersByPerson: DataLoader<string, OrderRow[]>;
}

export function createLoaders(db: Db): Loaders {
  return {
    ordersByPerson: new DataLoader(
      async (personIds) => {
        const rows = await db.order.findMany({
          where: { personId: { in: [...personIds] } },
          orderBy: [{ personId: "asc" }, { orderedAt: "asc" }],
        });
        const byPerson = new Map<string, OrderRow[]>();
        for (const row of rows) {
          const list = byPerson.get(row.personId);
          if (list) list.push(row);
          else byPerson.set(row.personId, [row]);
        }
        return personIds.map((id) => byPerson.get(id) ?? []);
        // One page (at most 500 people) is one query; more ids than that would pass SQLite's
        // bound-parameter limit in one IN list.
      },
      { maxBatchSize: 500 },
    ),
  };
}
