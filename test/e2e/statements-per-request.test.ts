/**
 * What one partner request costs the database, counted at the driver (Prisma's adapter and
 * the SQL driver, src/db/statement-observer.ts): the page of people with their orders is one
 * statement, whatever the page size, and the whole request (with its provision record)
 * sends as many statements for 1 person as for 500.
 */
import { afterAll, describe, expect, it } from "vitest";
import { referenceCacheOf } from "../../src/cache/reference-cache.js";
import { createDb, type Db } from "../../src/db/client.js";
import { withSqlDriver } from "../../src/db/sql-driver.js";
import { createTeikyo } from "../../src/yoga.js";
import { databaseUrl, demoKey, NOW } from "../helpers.js";

const page = (first: number) =>
  `{ people(purpose: "delivery", first: ${first}) { edges { node { id fullName postalCode orders { orderedAt product } } } pageInfo { hasNextPage } } }`;

describe("statements per partner request", () => {
  const statements: string[] = [];
  const labels: string[] = [];
  const texts: string[] = [];
  let base: Db | undefined;
  let yoga: ReturnType<typeof createTeikyo> | undefined;
  afterAll(async () => {
    await yoga?.dispose();
    await base?.$disconnect();
  });

  async function gateway() {
    if (yoga) return yoga;
    base = await createDb(databaseUrl(), { observe: (sql) => statements.push(sql) });
    const db = withSqlDriver(base, (driver) => ({
      provider: driver.provider,
      all(statement) {
        labels.push(statement.label);
        texts.push(statement.text);
        return driver.all(statement);
      },
    }));
    // Reference data (key, recipient, catalog) stays cached through the test, however slow
    // the machine: what is counted is the per-request work, not cache refreshes.
    referenceCacheOf(db, 600_000);
    yoga = createTeikyo({
      db,
      clock: () => NOW,
      logging: false,
      rateLimits: { peoplePerKey: { points: 1_000_000, durationSeconds: 60 } },
    });
    return yoga;
  }

  async function send(first: number): Promise<{ statements: string[]; labels: string[]; texts: string[] }> {
    const teikyo = await gateway();
    statements.length = 0;
    labels.length = 0;
    texts.length = 0;
    const res = await teikyo.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${demoKey("hayate-logistics")}` },
      body: JSON.stringify({ query: page(first) }),
    });
    const body = (await res.json()) as { data?: { people: { edges: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.people.edges).toHaveLength(first);
    return { statements: [...statements], labels: [...labels], texts: [...texts] };
  }

  it("reads a page and its orders in one statement and sends the same number for 1 person as for 500", async () => {
    await send(1); // the first request also reads the key, the recipient and the catalog (then cached)
    const counts: [number, number][] = [];
    // Each size twice, the fewer counted: a retried record transaction is not page-size growth.
    for (const first of [1, 1, 10, 10, 100, 100, 500, 500]) {
      const sent = await send(first);
      expect(sent.labels, `reads for ${first}`).toEqual(["person.page"]);
      // Everything else is the provision record: Prisma reads no person and no order.
      const rest = sent.statements.filter((sql) => !sent.texts.includes(sql));
      expect(rest).toHaveLength(sent.statements.length - 1);
      expect(rest.filter((sql) => /["`](Person|Order)["`]/.test(sql))).toEqual([]);
      counts.push([first, sent.statements.length]);
    }
    const fewest = (size: number) => Math.min(...counts.filter(([n]) => n === size).map(([, c]) => c));
    const perSize = [1, 10, 100, 500].map(fewest);
    expect(new Set(perSize).size, JSON.stringify(counts)).toBe(1);
    // One read and the provision record in one call (a stored function on PostgreSQL, one
    // synchronous transaction on SQLite): issue 13's bound is 4 on PostgreSQL.
    expect(perSize[0], JSON.stringify(counts)).toBe(2);
  });
});
