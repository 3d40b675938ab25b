/**
 * Whether a statistics query may run, and how: the checks that need no data. Statistics
 * that identify no one are not personal information (APPI art. 2(1)); these rules keep a
 * query to coarse, whitelisted categories of data the statistics purpose covers.
 */
import type { RuleOutcome } from "../outcome.js";
import {
  allowedValues,
  DIMENSIONS,
  isAllowedValue,
  MEASURE_ITEMS,
  type DimensionLists,
  type StatisticsDimension,
  type StatisticsMeasure,
} from "./dimensions.js";

export type NoiseMechanism = "LAPLACE" | "GAUSSIAN";

export interface StatisticsRequest {
  groupBy: readonly StatisticsDimension[];
  filters: readonly { dimension: StatisticsDimension; values: readonly string[] }[];
  measures: readonly StatisticsMeasure[];
  /** Differential privacy asked for: the epsilon this query may spend. */
  privacy: { epsilon: number; mechanism: NoiseMechanism } | null;
}

export interface StatisticsSettings {
  /** Cells computed from fewer people are suppressed (k-anonymity). */
  k: number;
  /** Consistent cell-key perturbation of counts and sums when not under differential privacy. */
  perturbation: boolean;
  maxGroupBy: number;
  lists: DimensionLists;
  /** Per-person contribution bounds under differential privacy (the sensitivity). */
  caps: { orderCount: number; orderAmount: number };
  /** Gaussian mechanism: the delta of one whole query. */
  delta: number;
  /** Under differential privacy every cell of the grid is released, so the grid is bounded. */
  maxPrivateCells: number;
  /** First customer-since year of the grid under differential privacy. */
  firstCustomerYear: number;
}

export interface StatisticsPlan {
  groupBy: StatisticsDimension[];
  filters: { dimension: StatisticsDimension; values: string[] }[];
  /** PEOPLE first, always: suppression needs it. */
  measures: StatisticsMeasure[];
  /** PERSON: every eligible person; ORDER: people with a matching order, and only those orders. */
  unit: "PERSON" | "ORDER";
  needsOrders: boolean;
  privacy: { epsilon: number; mechanism: NoiseMechanism } | null;
}

export interface StatisticsRefusal extends RuleOutcome {
  details: Record<string, unknown>;
}

export type QueryDecision = { ok: true; plan: StatisticsPlan } | { ok: false; refusal: StatisticsRefusal };

const refuse = (code: string, rule: string, message: string, details: Record<string, unknown> = {}) =>
  ({ ok: false, refusal: { code, message, rule, details } }) as const;

const MEDIANS: readonly StatisticsMeasure[] = ["ORDER_COUNT_MEDIAN", "ORDER_AMOUNT_MEDIAN"];

export function decideStatisticsQuery(
  request: StatisticsRequest,
  purpose: { code: string; items: ReadonlySet<string> } | null,
  settings: StatisticsSettings,
  now: Date,
): QueryDecision {
  // APPI art. 17(1), 21(1): data is used only for a purpose specified and announced.
  if (!purpose)
    return refuse(
      "STATISTICS_PURPOSE_NOT_ANNOUNCED",
      "APPI art. 17(1)",
      "No announced purpose covers statistics, so no personal data may be used for them.",
    );
  if (request.groupBy.length > settings.maxGroupBy)
    return refuse(
      "TOO_MANY_DIMENSIONS",
      "disclosure control",
      `A table may have at most ${settings.maxGroupBy} dimensions; ${request.groupBy.length} were asked.`,
      { limit: settings.maxGroupBy },
    );
  const seen = new Set<StatisticsDimension>();
  for (const d of request.groupBy) {
    if (seen.has(d))
      return refuse("DUPLICATE_DIMENSION", "input", `${d} appears twice in groupBy.`, { dimension: d });
    seen.add(d);
  }
  const filtered = new Set<StatisticsDimension>();
  for (const f of request.filters) {
    if (filtered.has(f.dimension))
      return refuse(
        "DUPLICATE_FILTER",
        "input",
        `${f.dimension} is filtered twice; give one list of values.`,
        {
          dimension: f.dimension,
        },
      );
    filtered.add(f.dimension);
    if (f.values.length === 0)
      return refuse("EMPTY_FILTER", "input", `The filter on ${f.dimension} lists no values.`, {
        dimension: f.dimension,
      });
    const unknown = f.values.filter((v) => !isAllowedValue(f.dimension, v, settings.lists));
    if (unknown.length > 0)
      return refuse(
        "UNKNOWN_DIMENSION_VALUE",
        "disclosure control",
        `${f.dimension} cannot be filtered on ${unknown.map((v) => JSON.stringify(v)).join(", ")}: only its listed categories are allowed.`,
        { dimension: f.dimension, values: unknown },
      );
  }
  const measures: StatisticsMeasure[] = [
    "PEOPLE",
    ...new Set(request.measures.filter((m) => m !== "PEOPLE")),
  ];
  // APPI art. 18(1): every item used must be one the statistics purpose names.
  const used = [
    ...[...seen, ...filtered].map((d) => ({ what: d as string, item: DIMENSIONS[d].item })),
    ...measures.flatMap((m) => MEASURE_ITEMS[m].map((item) => ({ what: m as string, item }))),
  ];
  const outside = used.find((u) => !purpose.items.has(u.item));
  if (outside)
    return refuse(
      "ITEM_OUTSIDE_STATISTICS_PURPOSE",
      "APPI art. 18(1)",
      `${outside.what} uses the data item "${outside.item}", which the purpose "${purpose.code}" does not list.`,
      { item: outside.item, purpose: purpose.code },
    );
  const orderLevel = [...seen, ...filtered].some((d) => DIMENSIONS[d].level === "ORDER");
  const plan: StatisticsPlan = {
    groupBy: [...request.groupBy],
    filters: request.filters.map((f) => ({ dimension: f.dimension, values: [...new Set(f.values)] })),
    measures,
    unit: orderLevel ? "ORDER" : "PERSON",
    needsOrders: orderLevel || measures.some((m) => m !== "PEOPLE"),
    privacy: request.privacy,
  };
  if (request.privacy) {
    const problem = privacyProblem(plan, request.privacy, settings, now);
    if (problem) return { ok: false, refusal: problem };
  }
  return { ok: true, plan };
}

function privacyProblem(
  plan: StatisticsPlan,
  privacy: { epsilon: number; mechanism: NoiseMechanism },
  settings: StatisticsSettings,
  now: Date,
): StatisticsRefusal | null {
  const dp = "differential privacy";
  if (!Number.isFinite(privacy.epsilon) || privacy.epsilon <= 0 || privacy.epsilon > 10)
    return {
      code: "INVALID_EPSILON",
      rule: dp,
      message: "epsilon must be above 0 and at most 10.",
      details: {},
    };
  const median = plan.measures.find((m) => MEDIANS.includes(m));
  if (median)
    return {
      code: "MEASURE_NOT_PRIVATE",
      rule: dp,
      message: `${median} has no calibrated noise here; ask for sums and averages under differential privacy.`,
      details: { measure: median },
    };
  const orderDim = plan.groupBy.find((d) => DIMENSIONS[d].level === "ORDER");
  if (orderDim)
    return {
      code: "DIMENSION_NOT_PRIVATE",
      rule: dp,
      message: `Grouping by ${orderDim} puts one person in many cells, which breaks the noise calibration; filter on it instead.`,
      details: { dimension: orderDim },
    };
  const cells = privateGridSize(plan.groupBy, settings, now);
  if (cells > settings.maxPrivateCells)
    return {
      code: "TABLE_TOO_LARGE",
      rule: dp,
      message: `Under differential privacy every one of the ${cells} cells is released; the limit is ${settings.maxPrivateCells}.`,
      details: { cells, limit: settings.maxPrivateCells },
    };
  if (privacy.mechanism === "GAUSSIAN" && privacy.epsilon / noisyQuantities(plan).length >= 1)
    return {
      code: "INVALID_EPSILON",
      rule: dp,
      message: `The Gaussian mechanism is calibrated for epsilon below 1 per released quantity; use at most ${(noisyQuantities(plan).length * 0.99).toFixed(2)} or LAPLACE.`,
      details: {},
    };
  return null;
}

export type Quantity = "people" | "orders" | "amount";

/** The quantities a plan releases (averages are derived from them). */
export function noisyQuantities(plan: Pick<StatisticsPlan, "measures">): Quantity[] {
  const q = new Set<Quantity>(["people"]);
  for (const m of plan.measures) {
    if (m.startsWith("ORDER_COUNT") || m === "ORDER_AMOUNT_AVERAGE") q.add("orders");
    if (m === "ORDER_AMOUNT_SUM" || m === "ORDER_AMOUNT_AVERAGE") q.add("amount");
  }
  return [...q];
}

/** Every value of a person dimension, for releasing the whole grid under differential privacy. */
export function privateGridValues(
  dimension: StatisticsDimension,
  settings: StatisticsSettings,
  now: Date,
): string[] {
  if (dimension === "CUSTOMER_SINCE_YEAR") {
    const years: string[] = [];
    for (let y = settings.firstCustomerYear; y <= now.getUTCFullYear() + 1; y++) years.push(String(y));
    return years;
  }
  return [...(allowedValues(dimension, settings.lists) ?? [])];
}

function privateGridSize(
  groupBy: readonly StatisticsDimension[],
  settings: StatisticsSettings,
  now: Date,
): number {
  return groupBy.reduce((n, d) => n * privateGridValues(d, settings, now).length, 1);
}
