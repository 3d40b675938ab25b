/**
 * Turns the database's per-cell aggregates into the published table: small cells hidden
 * (policy/statistics/suppression.ts), the rest perturbed by their cell key or, under
 * differential privacy, noised and summed into margins. Nothing here reads the database.
 */
import { DIMENSIONS, type StatisticsMeasure } from "../../policy/statistics/dimensions.js";
import { cellUniforms, perturbCount, perturbSum } from "../../policy/statistics/perturbation.js";
import { calibrate, sensitivity, type NoiseCalibration } from "../../policy/statistics/privacy-budget.js";
import {
  noisyQuantities,
  privateGridValues,
  type Quantity,
  type StatisticsPlan,
  type StatisticsSettings,
} from "../../policy/statistics/query-rules.js";
import { cellId, suppressCells, type Suppression } from "../../policy/statistics/suppression.js";
import { groupingSets } from "./statistics-sql.js";

/** True aggregates of one cell, as the database computed them. */
export interface CellAggregate {
  key: (string | null)[];
  people: number;
  keySum: number;
  orders: number;
  amount: number;
  topOrders: number;
  topAmount: number;
}

export type Medians = Partial<Record<"orderCount" | "orderAmount", Map<string, number>>>;

export interface PublishedCell {
  key: (string | null)[];
  margin: boolean;
  suppression: Suppression | null;
  people: number | null;
  values: { measure: StatisticsMeasure; value: number | null }[];
}

export type NoiseKind = "CELL_KEY_PERTURBATION" | "DIFFERENTIAL_PRIVACY" | "NONE";

export interface PublishedTable {
  cells: PublishedCell[];
  suppressedCells: number;
  noise: NoiseKind;
  calibrations: { quantity: Quantity; calibration: NoiseCalibration }[];
}

type Totals = Record<Quantity, number>;

const round2 = (x: number) => Math.round(x * 100) / 100;
const ratio = (a: number, b: number) => (b > 0 ? round2(a / b) : null);

function measureValue(m: StatisticsMeasure, t: Totals, key: string, medians: Medians): number | null {
  switch (m) {
    case "PEOPLE":
      return t.people;
    case "ORDER_COUNT_SUM":
      return t.orders;
    case "ORDER_COUNT_AVERAGE":
      return ratio(t.orders, t.people);
    case "ORDER_AMOUNT_SUM":
      return t.amount;
    case "ORDER_AMOUNT_AVERAGE":
      return ratio(t.amount, t.orders);
    case "ORDER_COUNT_MEDIAN":
      return medians.orderCount?.get(key) ?? null;
    case "ORDER_AMOUNT_MEDIAN":
      return medians.orderAmount?.get(key) ?? null;
  }
}

function publish(
  plan: StatisticsPlan,
  cells: { key: (string | null)[]; totals: Totals }[],
  decisionPeople: (i: number) => number,
  k: number,
  medians: Medians,
): { cells: PublishedCell[]; suppressedCells: number } {
  const overlapping = new Set(plan.groupBy.flatMap((d, i) => (DIMENSIONS[d].level === "ORDER" ? [i] : [])));
  const hidden = suppressCells(
    cells.map((c, i) => ({ key: c.key, people: decisionPeople(i) })),
    k,
    overlapping,
  );
  const published = cells.map((c): PublishedCell => {
    const id = cellId(c.key);
    const suppression = hidden.get(id) ?? null;
    return {
      key: c.key,
      margin: c.key.some((v) => v === null),
      suppression,
      people: suppression ? null : c.totals.people,
      values: plan.measures.map((measure) => ({
        measure,
        value: suppression ? null : measureValue(measure, c.totals, id, medians),
      })),
    };
  });
  return { cells: published, suppressedCells: hidden.size };
}

/** Without differential privacy: true counts decide suppression; shown values carry cell-key noise. */
export function exactTable(
  plan: StatisticsPlan,
  aggregates: CellAggregate[],
  medians: Medians,
  settings: StatisticsSettings,
): PublishedTable {
  const cells = aggregates.map((a) => {
    if (!settings.perturbation)
      return { key: a.key, totals: { people: a.people, orders: a.orders, amount: a.amount } };
    const [u1, u2, u3] = cellUniforms(a.keySum);
    return {
      key: a.key,
      totals: {
        people: perturbCount(a.people, u1),
        orders: perturbSum(a.orders, a.topOrders, u3),
        amount: perturbSum(a.amount, a.topAmount, u2),
      },
    };
  });
  const { cells: published, suppressedCells } = publish(
    plan,
    cells,
    (i) => aggregates[i]!.people,
    settings.k,
    medians,
  );
  return {
    cells: published,
    suppressedCells,
    noise: settings.perturbation ? "CELL_KEY_PERTURBATION" : "NONE",
    calibrations: [],
  };
}

function cartesian(lists: string[][]): string[][] {
  return lists.reduce<string[][]>(
    (acc, values) => acc.flatMap((prefix) => values.map((v) => [...prefix, v])),
    [[]],
  );
}

/**
 * Under differential privacy: every cell of the grid (zeros too, or absence would tell) gets
 * noise on each released quantity; margins are sums of noisy cells; noisy counts decide
 * suppression. All of it is post-processing of the noisy grid, so it costs no more epsilon.
 */
export function privateTable(
  plan: StatisticsPlan,
  finest: CellAggregate[],
  settings: StatisticsSettings,
  now: Date,
  sample: (c: NoiseCalibration) => number,
): PublishedTable {
  const privacy = plan.privacy;
  if (!privacy) throw new Error("privateTable needs a plan with differential privacy");
  const quantities = noisyQuantities(plan);
  const epsilonEach = privacy.epsilon / quantities.length;
  const deltaEach = settings.delta / quantities.length;
  const calibrations = quantities.map((quantity) => ({
    quantity,
    calibration: calibrate(privacy.mechanism, sensitivity(quantity, settings.caps), epsilonEach, deltaEach),
  }));
  const byKey = new Map(finest.map((a) => [cellId(a.key), a]));
  const grid = cartesian(plan.groupBy.map((d) => privateGridValues(d, settings, now)));
  const noisy = grid.map((key) => {
    const truth = byKey.get(cellId(key));
    const totals: Totals = { people: 0, orders: 0, amount: 0 };
    for (const { quantity, calibration } of calibrations) {
      const value = (truth?.[quantity] ?? 0) + sample(calibration);
      totals[quantity] = Math.max(0, Math.round(value));
    }
    return { key: key as (string | null)[], totals };
  });
  const n = plan.groupBy.length;
  const cells = [...noisy];
  for (const set of groupingSets(n, true).slice(1)) {
    const sums = new Map<string, { key: (string | null)[]; totals: Totals }>();
    for (const c of noisy) {
      const key = c.key.map((v, i) => (set.includes(i) ? v : null));
      const id = cellId(key);
      const sum = sums.get(id) ?? { key, totals: { people: 0, orders: 0, amount: 0 } };
      for (const q of quantities) sum.totals[q] += c.totals[q];
      sums.set(id, sum);
    }
    cells.push(...sums.values());
  }
  const { cells: published, suppressedCells } = publish(
    plan,
    cells,
    (i) => cells[i]!.totals.people,
    settings.k,
    {},
  );
  return { cells: published, suppressedCells, noise: "DIFFERENTIAL_PRIVACY", calibrations };
}
