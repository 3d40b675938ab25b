/** Statistics rules a compliance officer can read: what may be asked, who is counted, what is shown. */
import { describe, expect, it } from "vitest";
import { ageBand, jstMonth, jstYear, regionOf } from "../../src/policy/statistics/dimensions.js";
import { populationProblem } from "../../src/policy/statistics/population-control.js";
import {
  decideStatisticsQuery,
  type StatisticsRequest,
  type StatisticsSettings,
} from "../../src/policy/statistics/query-rules.js";
import { statisticsExclusion } from "../../src/policy/statistics/statistics-use.js";
import { DEMO_PURPOSES } from "../../src/demo/purposes.js";
import { statisticsConfig } from "../../src/modules/statistics/settings.js";

const NOW = new Date("2026-11-23T00:00:00.000Z");
const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const settings: StatisticsSettings = statisticsConfig({});
const PURPOSE = {
  code: "statistics",
  items: new Set(DEMO_PURPOSES.find((p) => p.code === "statistics")?.items),
};
const ask = (over: Partial<StatisticsRequest>): StatisticsRequest => ({
  groupBy: [],
  filters: [],
  measures: ["PEOPLE"],
  privacy: null,
  ...over,
});

describe("decideStatisticsQuery: what may be asked", () => {
  it.each([
    {
      rule: "APPI art. 17(1): without an announced statistics purpose, nothing may be used",
      request: ask({ groupBy: ["PREFECTURE"] }),
      purpose: null,
      refusal: "STATISTICS_PURPOSE_NOT_ANNOUNCED",
      article: "APPI art. 17(1)",
    },
    {
      rule: "APPI art. 18(1): a dimension from an item the purpose does not list is refused",
      request: ask({ groupBy: ["GENDER"] }),
      purpose: { code: "statistics", items: new Set(["prefecture"]) },
      refusal: "ITEM_OUTSIDE_STATISTICS_PURPOSE",
      article: "APPI art. 18(1)",
    },
    {
      rule: "APPI art. 18(1): so is a measure from an unlisted item (order amounts)",
      request: ask({ measures: ["ORDER_AMOUNT_SUM"] }),
      purpose: { code: "statistics", items: new Set(["prefecture", "order_history"]) },
      refusal: "ITEM_OUTSIDE_STATISTICS_PURPOSE",
      article: "APPI art. 18(1)",
    },
    {
      rule: "APPI art. 18(1): and a filter on an unlisted item",
      request: ask({ filters: [{ dimension: "MEMBERSHIP_TIER", values: ["gold"] }] }),
      purpose: { code: "statistics", items: new Set(["prefecture"]) },
      refusal: "ITEM_OUTSIDE_STATISTICS_PURPOSE",
      article: "APPI art. 18(1)",
    },
    {
      rule: "disclosure control: at most 3 dimensions per table",
      request: ask({ groupBy: ["PREFECTURE", "AGE_BAND", "GENDER", "MEMBERSHIP_TIER"] }),
      purpose: PURPOSE,
      refusal: "TOO_MANY_DIMENSIONS",
      article: "disclosure control",
    },
    {
      rule: "whitelist: a filter value outside the dimension's categories is refused",
      request: ask({ filters: [{ dimension: "AGE_BAND", values: ["37"] }] }),
      purpose: PURPOSE,
      refusal: "UNKNOWN_DIMENSION_VALUE",
      article: "disclosure control",
    },
    {
      rule: "whitelist: a prefecture must be one of the 47",
      request: ask({ filters: [{ dimension: "PREFECTURE", values: ["港区海岸1-1-1"] }] }),
      purpose: PURPOSE,
      refusal: "UNKNOWN_DIMENSION_VALUE",
      article: "disclosure control",
    },
    {
      rule: "whitelist: an order month is YYYY-MM, not a date",
      request: ask({ filters: [{ dimension: "ORDER_MONTH", values: ["2026-05-17"] }] }),
      purpose: PURPOSE,
      refusal: "UNKNOWN_DIMENSION_VALUE",
      article: "disclosure control",
    },
    {
      rule: "input: the same dimension twice in groupBy",
      request: ask({ groupBy: ["GENDER", "GENDER"] }),
      purpose: PURPOSE,
      refusal: "DUPLICATE_DIMENSION",
      article: "input",
    },
    {
      rule: "input: a filter with no values",
      request: ask({ filters: [{ dimension: "GENDER", values: [] }] }),
      purpose: PURPOSE,
      refusal: "EMPTY_FILTER",
      article: "input",
    },
    {
      rule: "differential privacy: epsilon must be positive",
      request: ask({ privacy: { epsilon: 0, mechanism: "LAPLACE" } }),
      purpose: PURPOSE,
      refusal: "INVALID_EPSILON",
      article: "differential privacy",
    },
    {
      rule: "differential privacy: medians have no calibrated noise, so they are refused",
      request: ask({ measures: ["ORDER_AMOUNT_MEDIAN"], privacy: { epsilon: 1, mechanism: "LAPLACE" } }),
      purpose: PURPOSE,
      refusal: "MEASURE_NOT_PRIVATE",
      article: "differential privacy",
    },
    {
      rule: "differential privacy: grouping by order month puts one person in many cells",
      request: ask({ groupBy: ["ORDER_MONTH"], privacy: { epsilon: 1, mechanism: "LAPLACE" } }),
      purpose: PURPOSE,
      refusal: "DIMENSION_NOT_PRIVATE",
      article: "differential privacy",
    },
    {
      rule: "differential privacy: the Gaussian mechanism needs epsilon below 1 per quantity",
      request: ask({ privacy: { epsilon: 1.5, mechanism: "GAUSSIAN" } }),
      purpose: PURPOSE,
      refusal: "INVALID_EPSILON",
      article: "differential privacy",
    },
  ])("$rule", ({ request, purpose, refusal, article }) => {
    const decision = decideStatisticsQuery(request, purpose, settings, NOW);
    expect(decision.ok ? "answered" : decision.refusal.code).toBe(refusal);
    expect(decision.ok ? null : decision.refusal.rule).toBe(article);
  });

  it.each([
    {
      case: "a table by prefecture and age band",
      request: ask({ groupBy: ["PREFECTURE", "AGE_BAND"] }),
      unit: "PERSON",
    },
    {
      case: "order amounts by product category: counted per order",
      request: ask({ groupBy: ["PRODUCT_CATEGORY"], measures: ["ORDER_AMOUNT_SUM"] }),
      unit: "ORDER",
    },
    {
      case: "a filter on order month makes the unit people with such an order",
      request: ask({ filters: [{ dimension: "ORDER_MONTH", values: ["2026-05"] }] }),
      unit: "ORDER",
    },
    {
      case: "differential privacy by region, filtered on category",
      request: ask({
        groupBy: ["REGION"],
        filters: [{ dimension: "PRODUCT_CATEGORY", values: ["food"] }],
        privacy: { epsilon: 1, mechanism: "LAPLACE" },
      }),
      unit: "ORDER",
    },
  ])("allowed: $case", ({ request, unit }) => {
    const decision = decideStatisticsQuery(request, PURPOSE, settings, NOW);
    expect(decision.ok && decision.plan.unit).toBe(unit);
    expect(decision.ok && decision.plan.measures[0]).toBe("PEOPLE");
  });
});

describe("populationProblem: no differencing by filters (k = 10)", () => {
  it.each([
    {
      rule: "a population of 9 is refused",
      selected: 9,
      without: [],
      refusal: "POPULATION_BELOW_THRESHOLD",
      article: "disclosure control: minimum population",
    },
    { rule: "a population of 10 is answered", selected: 10, without: [], refusal: null, article: null },
    {
      rule: "a filter leaving out 3 people is refused (all minus the answer would be those 3)",
      selected: 500,
      without: [503],
      refusal: "FILTER_ISOLATES_SMALL_GROUP",
      article: "disclosure control: no differencing",
    },
    {
      rule: "a filter leaving out no one is harmless",
      selected: 500,
      without: [500],
      refusal: null,
      article: null,
    },
    {
      rule: "a filter leaving out 10 or more is answered",
      selected: 500,
      without: [510],
      refusal: null,
      article: null,
    },
  ])("$rule", ({ selected, without, refusal, article }) => {
    const problem = populationProblem(10, {
      selected,
      withoutFilter: without.map((n) => ({ dimension: "GENDER" as const, selected: n })),
    });
    expect(problem?.code ?? null).toBe(refusal);
    expect(problem?.rule ?? null).toBe(article);
  });
});

describe("statisticsExclusion: who is counted at all", () => {
  const person = (over: Partial<Parameters<typeof statisticsExclusion>[0]> = {}) => ({
    acquisitionMethod: "DIRECT" as const,
    suspensions: [],
    ...over,
  });
  const suspension = (purposeCode: string, liftedAt: Date | null = null, receivedAt = d("2026-05-01")) => ({
    scope: "USE_FOR_PURPOSE" as const,
    recipientId: null,
    purposeCode,
    receivedAt,
    liftedAt,
  });
  it.each([
    { rule: "an ordinary customer is counted", p: person(), excluded: null, article: null },
    {
      rule: "APPI art. 35(1): a demand to stop use for statistics excludes the person",
      p: person({ suspensions: [suspension("statistics")] }),
      excluded: "SUSPENDED_USE",
      article: "APPI art. 35(1)",
    },
    {
      rule: "APPI art. 35(1): a lifted demand no longer excludes",
      p: person({ suspensions: [suspension("statistics", d("2026-06-01"))] }),
      excluded: null,
    },
    {
      rule: "APPI art. 35(1): a demand received after today is not yet in force",
      p: person({ suspensions: [suspension("statistics", null, d("2026-12-01"))] }),
      excluded: null,
    },
    {
      rule: "a demand about marketing does not stop statistics",
      p: person({ suspensions: [suspension("marketing")] }),
      excluded: null,
    },
    {
      rule: "a demand to stop third-party provision does not stop internal statistics",
      p: person({
        suspensions: [
          {
            scope: "THIRD_PARTY_PROVISION" as const,
            recipientId: null,
            purposeCode: null,
            receivedAt: d("2026-01-01"),
            liftedAt: null,
          },
        ],
      }),
      excluded: null,
    },
    {
      rule: "APPI art. 20(1): improperly acquired data is never used",
      p: person({ acquisitionMethod: "IMPROPER" }),
      excluded: "IMPROPERLY_ACQUIRED",
      article: "APPI art. 20(1)",
    },
  ])("$rule", ({ p, excluded, ...row }) => {
    const exclusion = statisticsExclusion(p, "statistics", NOW);
    expect(exclusion?.code ?? null).toBe(excluded);
    expect(exclusion?.rule ?? null).toBe("article" in row ? row.article : null);
  });
});

describe("coarse dimensions", () => {
  it.each([
    { birth: "2016-11-24", band: "0-9" },
    { birth: "2016-11-23", band: "10-19" }, // tenth birthday today (JST)
    { birth: "1996-11-24", band: "20-29" },
    { birth: "1996-11-23", band: "30-39" },
    { birth: "1936-11-23", band: "90+" }, // top-coded
    { birth: "1901-01-01", band: "90+" },
  ])("born $birth is in age band $band on 2026-11-23", ({ birth, band }) => {
    expect(ageBand(d(birth), NOW)).toBe(band);
  });

  it("counts months and years in Japan time", () => {
    expect(jstMonth(new Date("2026-04-30T15:00:00.000Z"))).toBe("2026-05");
    expect(jstMonth(new Date("2026-04-30T14:59:59.999Z"))).toBe("2026-04");
    expect(jstYear(new Date("2025-12-31T15:00:00.000Z"))).toBe("2026");
  });

  it.each([
    { prefecture: "東京都", region: "関東" },
    { prefecture: "沖縄県", region: "九州沖縄" },
    { prefecture: "北海道", region: "北海道" },
    { prefecture: "Tokyo", region: "other" },
  ])("$prefecture is in region $region", ({ prefecture, region }) => {
    expect(regionOf(prefecture)).toBe(region);
  });
});
