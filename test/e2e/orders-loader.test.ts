/** Orders load in batches a database accepts, however many people a request holds. */
import { describe, expect, it } from "vitest";
import { createLoaders } from "../../src/modules/people/loaders.js";
import { recordingDb, testDb } from "../helpers.js";

describe("ordersByPerson", () => {
  it("loads the orders of 1,000 people in two queries", async () => {
    const { db, reads } = recordingDb(await testDb(), ["order"]);
    const people = await (await testDb()).person.findMany({ select: { id: true }, take: 1000 });
    const orders = await createLoaders(db).ordersByPerson.loadMany(people.map((p) => p.id));
    expect(orders.every(Array.isArray)).toBe(true);
    expect(orders.flat().length).toBeGreaterThan(1000);
    expect(reads).toEqual(["order.byPerson", "order.byPerson"]);
  });
});
