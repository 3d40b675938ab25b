/**
 * Statistics through HTTP: what the analytics key gets (a table with small cells
 * suppressed), what it cannot reach, and that the database's aggregation matches the pure
 * rules computed in Node over the demo population.
 */
import { describe, expect, it } from "vitest";
import { sqltag as sql } from "@prisma/client/runtime/client";
import { GraphQLList, GraphQLNonNull, GraphQLObjectType, type GraphQLOutputType } from "graphql";
import { schema } from "../../src/schema.js";
import { dialectOf } from "../../src/db/sql-dialect.js";
import { eligibleSql } from "../../src/modules/statistics/statistics-sql.js";
import {
  ageBand,
  GENDERS,
  jstMonth,
  jstYear,
  OTHER,
  regionOf,
} from "../../src/policy/statistics/dimensions.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";
import { CELLS, type Cell, CONFIG, countedPeople, EXACT, findCell, valueOf } from "./statistics-helpers.js";

const ANALYTICS = demoKey("analytics");

/** The median as a full sort gives it (the middle value, or the mean of the two middle ones). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.floor(s.length / 2)]!) / 2;
}

/** A person's gender as a statistics cell names it. */
const genderOf = (g: string) => (GENDERS.includes(g as never) ? g : OTHER);

/**
 * The cells a query answers at k = 2 without suppression: several margins and several
 * finest cells among them, so a check over them cannot pass on an empty table.
 */
async function shownCellsAndMargins(query: string): Promise<Cell[]> {
  const gql = await client({ statistics: { ...EXACT, k: 2 } });
  const res = await gql(ANALYTICS, query);
  expect(res.status).toBe(200);
  const shown = (res.body.data?.statistics.cells as Cell[]).filter((c) => !c.suppressed);
  expect(shown.filter((c) => c.margin).length).toBeGreaterThan(3);
  expect(shown.filter((c) => !c.margin).length).toBeGreaterThan(3);
  return shown;
}
const README_QUERY = `{
  statistics(groupBy: [PREFECTURE, AGE_BAND], measures: [PEOPLE, ORDER_AMOUNT_AVERAGE]) {
    groupBy measures ${CELLS}
    disclosureControl { k suppressedCells noise }
  }
}`;

describe("statistics for the analytics key", () => {
  it("returns a table by prefecture and age band with small cells suppressed", async () => {
    const gql = await client();
    const res = await gql(ANALYTICS, README_QUERY);
    expect(res.status).toBe(200);
    const table = res.body.data?.statistics;
    const cells = table.cells as Cell[];
    expect(table.disclosureControl).toMatchObject({ k: 10, noise: "CELL_KEY_PERTURBATION" });
    const counted = await countedPeople();
    const truth = (key: (string | null)[]) =>
      counted.filter(
        (p) =>
          (key[0] === null || p.prefecture === key[0]) &&
          (key[1] === null || ageBand(p.birthDate, NOW) === key[1]),
      ).length;
    // Every cell of fewer than k people is hidden, and so are some larger ones (complementary).
    for (const c of cells) if (truth(c.key) < 10) expect([c.key, c.suppressed]).toEqual([c.key, true]);
    expect(cells.some((c) => c.suppressed && truth(c.key) >= 10)).toBe(true);
    expect(table.disclosureControl.suppressedCells).toBe(cells.filter((c) => c.suppressed).length);
    for (const c of cells) {
      if (c.suppressed) expect(c.people === null && c.values.every((v) => v.value === null)).toBe(true);
      // Perturbation moves a count by at most 2, so no shown cell is far below k.
      else expect(c.people).toBeGreaterThanOrEqual(8);
    }
    const total = findCell(cells, null, null);
    expect(Math.abs((total?.people ?? 0) - counted.length)).toBeLessThanOrEqual(2);
    expect(JSON.stringify(res.body)).not.toMatch(/C\d{6}/);
  });

  it("counts exactly what the pure rules count (perturbation off)", async () => {
    const gql = await client({ statistics: { ...EXACT, k: 2 } });
    const counted = await countedPeople();
    const expectations: [string, (p: (typeof counted)[number]) => string][] = [
      ["AGE_BAND", (p) => ageBand(p.birthDate, NOW)],
      ["REGION", (p) => regionOf(p.prefecture)],
      ["CUSTOMER_SINCE_YEAR", (p) => jstYear(p.customerSince)],
      ["GENDER", (p) => p.gender],
    ];
    for (const [dimension, valueOfPerson] of expectations) {
      const res = await gql(ANALYTICS, `{ statistics(groupBy: [${dimension}]) { ${CELLS} } }`);
      const expected = new Map<string, number>();
      for (const p of counted) expected.set(valueOfPerson(p), (expected.get(valueOfPerson(p)) ?? 0) + 1);
      const shown = (res.body.data?.statistics.cells as Cell[]).filter((c) => !c.margin && !c.suppressed);
      expect(shown.length).toBeGreaterThan(1);
      for (const c of shown)
        expect([dimension, c.key[0], c.people]).toEqual([dimension, c.key[0], expected.get(c.key[0]!)]);
    }
  });

  it("computes order measures in the database as Node would (perturbation off)", async () => {
    const gql = await client({ statistics: EXACT });
    const res = await gql(
      ANALYTICS,
      `{ statistics(groupBy: [GENDER], measures: [ORDER_COUNT_SUM, ORDER_COUNT_AVERAGE, ORDER_COUNT_MEDIAN, ORDER_AMOUNT_SUM, ORDER_AMOUNT_AVERAGE, ORDER_AMOUNT_MEDIAN]) { ${CELLS} } }`,
    );
    const female = (await countedPeople()).filter((p) => p.gender === "female");
    const amounts = female.flatMap((p) => p.orders.map((o) => o.amount)).sort((a, b) => a - b);
    const counts = female.map((p) => p.orders.length).sort((a, b) => a - b);
    const sum = amounts.reduce((a, b) => a + b, 0);
    const cell = findCell(res.body.data?.statistics.cells, "female");
    expect(cell?.people).toBe(female.length);
    expect(valueOf(cell, "ORDER_COUNT_SUM")).toBe(amounts.length);
    expect(valueOf(cell, "ORDER_COUNT_AVERAGE")).toBeCloseTo(amounts.length / female.length, 2);
    expect(valueOf(cell, "ORDER_COUNT_MEDIAN")).toBe(median(counts));
    expect(valueOf(cell, "ORDER_AMOUNT_SUM")).toBe(sum);
    expect(valueOf(cell, "ORDER_AMOUNT_AVERAGE")).toBeCloseTo(sum / amounts.length, 2);
    // Shown to the hundred yen: a median is one real order's amount.
    expect(valueOf(cell, "ORDER_AMOUNT_MEDIAN")).toBe(Math.round(median(amounts) / 100) * 100);
  });

  it("gives the medians a full sort gives, in every cell and margin, also with an order-level dimension", async () => {
    const shown = await shownCellsAndMargins(
      `{ statistics(groupBy: [GENDER, PRODUCT_CATEGORY], measures: [ORDER_COUNT_MEDIAN, ORDER_AMOUNT_MEDIAN]) { ${CELLS} } }`,
    );
    const categoryOf = (c: string) => (CONFIG.lists.productCategories.includes(c) ? c : OTHER);
    const counted = await countedPeople();
    for (const c of shown) {
      const [gender, category] = c.key;
      // The order unit: a person is in a cell through their orders in it, counting those.
      const orders = counted
        .filter((p) => gender === null || genderOf(p.gender) === gender)
        .map((p) => p.orders.filter((o) => category === null || categoryOf(o.category) === category));
      const counts = orders.filter((os) => os.length > 0).map((os) => os.length);
      const amounts = orders.flat().map((o) => o.amount);
      expect([c.key, valueOf(c, "ORDER_COUNT_MEDIAN"), valueOf(c, "ORDER_AMOUNT_MEDIAN")]).toEqual([
        c.key,
        median(counts),
        Math.round(median(amounts) / 100) * 100,
      ]);
    }
  });

  it("counts each person once in every cell and margin when only their orders are filtered", async () => {
    // The order unit grouped by person-level dimensions: a person lies in one finest cell,
    // so the margins are summed from the finest cells (statistics-sql.ts, onePersonOneCell).
    const shown = await shownCellsAndMargins(
      `{ statistics(groupBy: [GENDER, REGION], filters: [{ dimension: PRODUCT_CATEGORY, values: ["food", "books"] }], measures: [ORDER_COUNT_SUM, ORDER_AMOUNT_SUM, ORDER_COUNT_MEDIAN, ORDER_AMOUNT_MEDIAN]) { ${CELLS} } }`,
    );
    const counted = await countedPeople();
    for (const c of shown) {
      const [gender, region] = c.key;
      const orders = counted
        .filter((p) => gender === null || genderOf(p.gender) === gender)
        .filter((p) => region === null || regionOf(p.prefecture) === region)
        .map((p) => p.orders.filter((o) => ["food", "books"].includes(o.category)))
        .filter((os) => os.length > 0);
      const amounts = orders.flat().map((o) => o.amount);
      expect([
        c.key,
        c.people,
        valueOf(c, "ORDER_COUNT_SUM"),
        valueOf(c, "ORDER_AMOUNT_SUM"),
        valueOf(c, "ORDER_COUNT_MEDIAN"),
        valueOf(c, "ORDER_AMOUNT_MEDIAN"),
      ]).toEqual([
        c.key,
        orders.length,
        amounts.length,
        amounts.reduce((a, b) => a + b, 0),
        median(orders.map((os) => os.length)),
        Math.round(median(amounts) / 100) * 100,
      ]);
    }
  });

  it("splits orders by month and category, counting people with such orders", async () => {
    const gql = await client({ statistics: { ...EXACT, k: 2 } });
    const res = await gql(
      ANALYTICS,
      `{ statistics(groupBy: [ORDER_MONTH], filters: [{ dimension: PRODUCT_CATEGORY, values: ["food", "books"] }], measures: [ORDER_COUNT_SUM]) { ${CELLS} } }`,
    );
    expect(res.status).toBe(200);
    const people = new Map<string, Set<string>>();
    const orders = new Map<string, number>();
    for (const p of await countedPeople())
      for (const o of p.orders.filter((o) => ["food", "books"].includes(o.category))) {
        const month = jstMonth(o.orderedAt);
        people.set(month, (people.get(month) ?? new Set()).add(p.id));
        orders.set(month, (orders.get(month) ?? 0) + 1);
      }
    const shown = (res.body.data?.statistics.cells as Cell[]).filter((c) => !c.margin && !c.suppressed);
    expect(shown.length).toBeGreaterThan(5);
    for (const c of shown) {
      expect(c.people).toBe(people.get(c.key[0]!)?.size);
      expect(valueOf(c, "ORDER_COUNT_SUM")).toBe(orders.get(c.key[0]!));
    }
  });

  it("leaves out people who stopped statistics use (35) and improperly acquired data (20), in SQL as in the pure rule", async () => {
    const db = await testDb();
    const ctx = { dialect: dialectOf(db), now: NOW, statisticsPurpose: "statistics", lists: CONFIG.lists };
    const rows = await db.$queryRaw<{ id: string }[]>(
      sql`SELECT p."id" AS id FROM "Person" p WHERE ${eligibleSql(ctx)} ORDER BY p."id"`,
    );
    const counted = await countedPeople();
    expect(rows.map((r) => r.id)).toEqual(counted.map((p) => p.id));
    const ids = new Set(counted.map((p) => p.id));
    expect(ids.has("C000013")).toBe(false); // suspended statistics use
    expect(ids.has("C000113")).toBe(true); // the same request, lifted
    expect(ids.has("C000999")).toBe(false); // improperly acquired
    expect(ids.has("C000006")).toBe(true); // stopped marketing only
  });
});

describe("what the analytics key cannot do", () => {
  it.each([
    ["a person field", `{ people(purpose: "statistics") { edges { node { prefecture } } } }`, "FORBIDDEN"],
    ["a person by id", `{ person(purpose: "statistics", id: "C000001") { gender } }`, "FORBIDDEN"],
    ["provision records", `{ provisionRecords { __typename } }`, "FORBIDDEN"],
    ["a person's privacy state", `{ privacyState(personId: "C000001") { personId } }`, "FORBIDDEN"],
    ["the statistics log", `{ statisticsQueryLog { id } }`, "FORBIDDEN"],
  ])("is refused %s", async (_what, query, code) => {
    const gql = await client();
    const res = await gql(ANALYTICS, query);
    expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.body.data?.people ?? res.body.data?.person ?? null).toBeNull();
  });

  it("reaches no type that carries a person, an id of one, or a record", () => {
    const reachable = new Set<string>();
    const visit = (type: GraphQLOutputType) => {
      const named = type instanceof GraphQLNonNull || type instanceof GraphQLList ? type.ofType : type;
      if (named instanceof GraphQLNonNull || named instanceof GraphQLList) return visit(named);
      if (!(named instanceof GraphQLObjectType) || reachable.has(named.name)) return;
      reachable.add(named.name);
      for (const f of Object.values(named.getFields())) visit(f.type);
    };
    const fields = { ...schema.getQueryType()!.getFields(), ...schema.getMutationType()!.getFields() };
    const forAnalytics = Object.values(fields).filter((f) => {
      const scopes = (f.extensions as { pothosOptions?: { authScopes?: Record<string, boolean> } })
        .pothosOptions?.authScopes;
      return scopes === undefined || scopes.analytics === true;
    });
    expect(forAnalytics.map((f) => f.name).sort()).toEqual([
      "dataItems",
      "privacyBudget",
      "publicNotice", // the privacy policy anyone may read
      "purposes",
      "statistics",
      "statisticsDimensions",
      "viewer",
    ]);
    for (const f of forAnalytics) visit(f.type);
    const personal = [...reachable].filter((t) =>
      /^(Person|Order|Provision|MyProvision|Consent|Disclosure|Audit)/.test(t),
    );
    expect(personal).toEqual([]);
  });

  it.each([
    ["partner", "hayate-logistics", "FORBIDDEN", 403],
    ["compliance", "compliance", "FORBIDDEN", 403],
  ])("refuses the %s role", async (_role, who, code, status) => {
    const gql = await client();
    const res = await gql(demoKey(who), `{ statistics(groupBy: [GENDER]) { ${CELLS} } }`);
    expect([res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([status, code]);
  });

  it("answers the admin role", async () => {
    const gql = await client();
    const res = await gql(demoKey("admin"), `{ statistics(groupBy: [GENDER]) { ${CELLS} } }`);
    expect(res.status).toBe(200);
    expect(res.body.data?.statistics.cells.length).toBeGreaterThan(1);
  });

  it("rejects a dimension outside the whitelist before anything runs", async () => {
    const gql = await client();
    const res = await gql(ANALYTICS, `{ statistics(groupBy: [BIRTH_DATE]) { ${CELLS} } }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.body.errors?.[0]?.message).toMatch(/"BIRTH_DATE" does not exist in "StatisticsDimension"/);
    expect(res.body.data).toBeUndefined();
  });

  it("rejects a filter value outside the dimension's categories", async () => {
    const gql = await client();
    const res = await gql(
      ANALYTICS,
      `{ statistics(filters: [{ dimension: PREFECTURE, values: ["東京都港区海岸1-1-1"] }]) { ${CELLS} } }`,
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: "STATISTICS_REFUSED",
      reason: "UNKNOWN_DIMENSION_VALUE",
      dimension: "PREFECTURE",
    });
  });

  it("lists its dimensions and their categories", async () => {
    const gql = await client();
    const res = await gql(ANALYTICS, `{ statisticsDimensions { dimension dataItem level values } }`);
    const dims = res.body.data?.statisticsDimensions as { dimension: string; values: string[] | null }[];
    expect(dims.map((d) => d.dimension)).toContain("AGE_BAND");
    expect(dims.find((d) => d.dimension === "PREFECTURE")?.values).toHaveLength(48);
  });
});
