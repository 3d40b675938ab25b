/**
 * Orders load in batches a database accepts, however many people a request holds; and the
 * orders a page reads with its people (people.sql.ts) are the ones the loader's own
 * statement reads, in the same order.
 */
import { describe, expect, it } from "vitest";
import { sqlDriverOf } from "../../src/db/sql-driver.js";
import { createLoaders, ordersOf } from "../../src/modules/people/loaders.js";
import { peoplePageStatement } from "../../src/modules/people/people.sql.js";
import { NOW } from "../demo-now.js";
import { client, demoKey, recordingDb, testDb } from "../helpers.js";
import { inclusionContextAt } from "./inclusion-parity.js";

describe("ordersByPerson", () => {
  it("loads the orders of 1,000 people in two queries", async () => {
    const { db, reads } = recordingDb(await testDb(), ["order"]);
    const people = await (await testDb()).person.findMany({ select: { id: true }, take: 1000 });
    const orders = await createLoaders(db).ordersByPerson.loadMany(people.map((p) => p.id));
    expect(orders.every(Array.isArray)).toBe(true);
    expect(orders.flat().length).toBeGreaterThan(1000);
    expect(reads).toEqual(["order.byPerson", "order.byPerson"]);
  });

  it("answers a page's orders, read with the page, as its own statement reads them", async () => {
    const db = await testDb();
    const gql = await client({ db });
    const res = await gql(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 200) { edges { node { id orders { orderedAt product } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data?.people.edges.map(
      (e: { node: { id: string; orders: { orderedAt: string; product: string }[] } }) => e.node,
    ) as { id: string; orders: { orderedAt: string; product: string }[] }[];
    expect(nodes).toHaveLength(200);
    const own = await createLoaders(db).ordersByPerson.loadMany(nodes.map((n) => n.id));
    const expected = own.map((orders) =>
      (orders as { orderedAt: Date; product: string }[]).map((o) => ({
        orderedAt: o.orderedAt.toISOString(),
        product: o.product,
      })),
    );
    expect(nodes.map((n) => n.orders)).toEqual(expected);
    // Not a vacuous match: the page has people with several orders to put in order.
    expect(nodes.some((n) => n.orders.length > 1)).toBe(true);
  });

  it("reads every column of each order with the page, as the loader's statement reads them", async () => {
    const db = await testDb();
    const items = ["customer_id", "order_history", "order_date", "order_product"];
    const ctx = await inclusionContextAt(db, "hayate-logistics", "delivery", items, NOW);
    const driver = sqlDriverOf(db);
    const rows = await driver.all(peoplePageStatement(driver.provider, ctx, {}, 300, true));
    const ids = rows.map((r) => String(r.id));
    const withPage = rows.map((r) => ordersOf(String(r.id), r.orders));
    const own = await createLoaders(db).ordersByPerson.loadMany(ids);
    expect(withPage).toEqual(own);
    expect(withPage.flat().length).toBeGreaterThan(300);
    const first = withPage.flat()[0]!;
    expect(first.orderedAt).toBeInstanceOf(Date);
    expect(typeof first.amount).toBe("number");
  });
});
