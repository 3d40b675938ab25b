/**
 * The attacks disclosure control is for, run through HTTP: differencing by filters, and
 * subtracting answers that each pass every threshold. Then differential privacy: noise,
 * the per-key epsilon budget, and the log that records every query.
 */
import { describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";
import {
  analyticsKey,
  CELLS,
  type Cell,
  countedPeople,
  EXACT,
  findCell,
  valueOf,
} from "./statistics-helpers.js";

const ANALYTICS = demoKey("analytics");
const ADMIN = demoKey("admin");

/** A prefecture whose "other" gender group is small (1-9 people with orders), beside large ones. */
async function smallGroup() {
  const counted = await countedPeople();
  for (const prefecture of new Set(counted.map((p) => p.prefecture))) {
    const here = counted.filter((p) => p.prefecture === prefecture);
    const other = here.filter((p) => p.gender === "other");
    const amount = other.reduce((n, p) => n + p.orders.reduce((m, o) => m + o.amount, 0), 0);
    const large = (g: string) => here.filter((p) => p.gender === g).length >= 20;
    if (other.length >= 1 && other.length < 10 && amount > 0 && large("female") && large("male"))
      return { prefecture, size: other.length, amount };
  }
  throw new Error("the demo population has no small group to attack");
}

const amountSum = (prefecture: string, genders?: string[]) => `{
  statistics(
    filters: [{ dimension: PREFECTURE, values: ["${prefecture}"] }${genders ? `, { dimension: GENDER, values: ${JSON.stringify(genders)} }` : ""}]
    measures: [ORDER_AMOUNT_SUM]
  ) { ${CELLS} }
}`;

async function total(gql: Awaited<ReturnType<typeof client>>, query: string): Promise<number> {
  const res = await gql(ANALYTICS, query);
  expect(res.body.errors).toBeUndefined();
  return valueOf(findCell(res.body.data?.statistics.cells as Cell[]), "ORDER_AMOUNT_SUM") as number;
}

describe("differencing attacks", () => {
  it("refuses 'everyone but a small group' (the classic two-query difference)", async () => {
    const { prefecture } = await smallGroup();
    const gql = await client();
    const res = await gql(ANALYTICS, amountSum(prefecture, ["female", "male"]));
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      reason: "FILTER_ISOLATES_SMALL_GROUP",
      dimension: "GENDER",
    });
    expect(res.body.data?.statistics ?? null).toBeNull();
  });

  it("refuses a filter that selects fewer than k people", async () => {
    const { prefecture } = await smallGroup();
    const gql = await client();
    const res = await gql(ANALYTICS, amountSum(prefecture, ["other"]));
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("POPULATION_BELOW_THRESHOLD");
  });

  it("recovers a small group from three allowed answers when values are exact, and not with cell-key perturbation", async () => {
    const target = await smallGroup();
    const attack = async (gql: Awaited<ReturnType<typeof client>>) =>
      (await total(gql, amountSum(target.prefecture))) -
      (await total(gql, amountSum(target.prefecture, ["female"]))) -
      (await total(gql, amountSum(target.prefecture, ["male"])));
    // Each query passes every threshold; subtracting them isolates the small group exactly.
    expect(await attack(await client({ statistics: EXACT }))).toBe(target.amount);
    // With perturbation each answer carries noise of its own group of people: it does not cancel.
    expect(await attack(await client())).not.toBe(target.amount);
  });

  it("answers the same group of people the same way, so repeating cannot average the noise away", async () => {
    const { prefecture } = await smallGroup();
    const gql = await client();
    const answers = await Promise.all(Array.from({ length: 4 }, () => total(gql, amountSum(prefecture))));
    // Asked another way (a filter that leaves no one out), the same people give the same answer.
    answers.push(await total(gql, amountSum(prefecture, ["female", "male", "other"])));
    expect(new Set(answers).size).toBe(1);
  });

  it("hides a second cell in every row and column that has one hidden cell", async () => {
    const gql = await client();
    const res = await gql(ANALYTICS, `{ statistics(groupBy: [PREFECTURE, GENDER]) { ${CELLS} } }`);
    const cells = res.body.data?.statistics.cells as Cell[];
    for (const margin of cells.filter((c) => c.margin))
      margin.key.forEach((v, i) => {
        if (v !== null) return;
        const line = [
          margin,
          ...cells.filter((c) => c.key[i] !== null && c.key.every((x, j) => j === i || x === margin.key[j])),
        ];
        const hidden = line.filter((c) => c.suppressed).length;
        expect(hidden === 0 || hidden >= 2).toBe(true);
      });
    expect(cells.filter((c) => c.suppressed).length).toBeGreaterThan(1);
  });
});

async function setBudget(apiKeyId: string, epsilon: number) {
  const gql = await client();
  const res = await gql(
    ADMIN,
    `mutation($id: String!, $e: Float!) { setPrivacyBudget(apiKeyId: $id, epsilon: $e) { epsilon spent remaining } }`,
    { id: apiKeyId, e: epsilon },
  );
  expect(res.body.errors).toBeUndefined();
}

const privateQuery = (epsilon: number, extra = "") => `{
  statistics(${extra} differentialPrivacy: { epsilon: ${epsilon} }) {
    ${CELLS}
    disclosureControl { noise }
    privacy { mechanism epsilonSpent epsilonRemaining delta noise { quantity scale } }
  }
}`;

describe("differential privacy", () => {
  it("spends epsilon from the key's budget, reports what is left, and refuses when it runs out", async () => {
    const { id, key } = await analyticsKey("dp budget test");
    await setBudget(id, 1);
    const gql = await client();
    const first = await gql(key, privateQuery(0.4, "groupBy: [REGION]"));
    expect(first.body.data?.statistics.privacy).toMatchObject({
      mechanism: "LAPLACE",
      epsilonSpent: 0.4,
      epsilonRemaining: 0.6,
      noise: [{ quantity: "people", scale: 2.5 }],
    });
    expect(first.body.data?.statistics.disclosureControl.noise).toBe("DIFFERENTIAL_PRIVACY");
    const second = await gql(key, privateQuery(0.4));
    expect(second.body.data?.statistics.privacy.epsilonRemaining).toBeCloseTo(0.2, 10);
    const third = await gql(key, privateQuery(0.4));
    expect(third.status).toBe(403);
    expect(third.body.errors?.[0]?.extensions?.reason).toBe("PRIVACY_BUDGET_EXHAUSTED");
    expect(third.body.errors?.[0]?.message).toMatch(/only 0\.2000 of the key's 1 is left/);
    const row = await (await testDb()).privacyBudget.findUniqueOrThrow({ where: { apiKeyId: id } });
    expect(row.spent).toBeCloseTo(0.8, 10);
  });

  it("refuses a key without a budget", async () => {
    const { key } = await analyticsKey("dp no budget");
    const res = await (await client())(key, privateQuery(0.1));
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("NO_PRIVACY_BUDGET");
  });

  it("never overspends under concurrent queries", async () => {
    const { id, key } = await analyticsKey("dp concurrency");
    await setBudget(id, 1);
    const gql = await client();
    const results = await Promise.all(Array.from({ length: 6 }, () => gql(key, privateQuery(0.5))));
    const answered = results.filter((r) => r.body.data?.statistics).length;
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(answered).toBeLessThanOrEqual(2);
    const row = await (await testDb()).privacyBudget.findUniqueOrThrow({ where: { apiKeyId: id } });
    expect(row.spent).toBeCloseTo(0.5 * answered, 10);
  });

  it("adds Laplace noise centred on the true count, fresh on every answer", async () => {
    const { id, key } = await analyticsKey("dp noise");
    await setBudget(id, 10);
    const gql = await client();
    const truth = (await countedPeople()).length;
    const draws: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await gql(key, privateQuery(0.05));
      if (!res.body.data?.statistics) throw new Error(JSON.stringify(res.body));
      draws.push(findCell(res.body.data?.statistics.cells as Cell[])?.people as number);
    }
    expect(new Set(draws).size).toBeGreaterThan(5);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    // b = 20, so one draw has sd 28 and the mean of 20 has sd 6.3: 32 is five of those.
    expect(Math.abs(mean - truth)).toBeLessThan(32);
  });

  it("calibrates the Gaussian mechanism and reports its delta", async () => {
    const { id, key } = await analyticsKey("dp gaussian");
    await setBudget(id, 1);
    const res = await (
      await client()
    )(
      key,
      `{ statistics(groupBy: [GENDER], differentialPrivacy: { epsilon: 0.5, mechanism: GAUSSIAN }) { privacy { mechanism delta noise { quantity scale } } } }`,
    );
    expect(res.body.data?.statistics.privacy).toMatchObject({ mechanism: "GAUSSIAN", delta: 1e-6 });
    expect(res.body.data?.statistics.privacy.noise[0].scale).toBeCloseTo(
      Math.sqrt(2 * Math.log(1.25e6)) / 0.5,
      6,
    );
  });
});

describe("the statistics query log", () => {
  it("logs answered and refused queries with their epsilon, and writes no provision record", async () => {
    const db = await testDb();
    const { id, key } = await analyticsKey("log test");
    await setBudget(id, 1);
    const recordsBefore = await db.provisionEvent.count();
    const gql = await client();
    await gql(key, `{ statistics(groupBy: [GENDER]) { ${CELLS} } }`);
    await gql(key, privateQuery(0.25));
    await gql(key, `{ statistics(filters: [{ dimension: AGE_BAND, values: ["0-9"] }]) { ${CELLS} } }`);
    const log = await gql(
      demoKey("compliance"),
      `query($id: String) { statisticsQueryLog(apiKeyId: $id) { apiKeyId role outcome refusal cells epsilonSpent query } }`,
      { id },
    );
    const entries = log.body.data?.statisticsQueryLog as Record<string, unknown>[];
    // The test clock is fixed, so the three share a timestamp: compare them unordered.
    expect(entries.map((e) => [e.outcome, e.refusal, e.epsilonSpent]).sort()).toEqual([
      ["ANSWERED", null, null],
      ["ANSWERED", null, 0.25],
      ["REFUSED", "POPULATION_BELOW_THRESHOLD", null],
    ]);
    expect(entries.find((e) => e.cells === 4)).toMatchObject({
      role: "ANALYTICS",
      query: { groupBy: ["GENDER"] },
    });
    expect(await db.provisionEvent.count()).toBe(recordsBefore);
  });
});
