/**
 * Answers one statistics query: the rules that need no data, the population checks, the
 * aggregation in the database, disclosure control, then the budget spend and the query log
 * in one transaction. Nothing is returned unless both committed.
 */
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { sqltag as sql } from "@prisma/client/runtime/client";
import type { Db } from "../../db/client.js";
import { teikyoError } from "../../errors.js";
import { populationProblem } from "../../policy/statistics/population-control.js";
import {
  BUDGET_SLACK,
  BUDGET_RULE,
  budgetProblem,
  type NoiseCalibration,
} from "../../policy/statistics/privacy-budget.js";
import {
  decideStatisticsQuery,
  type NoiseMechanism,
  type StatisticsPlan,
  type StatisticsRefusal,
  type StatisticsRequest,
} from "../../policy/statistics/query-rules.js";
import { cellId } from "../../policy/statistics/suppression.js";
import { keyRole, type Principal } from "../keys/authenticate.js";
import {
  exactTable,
  privateTable,
  type CellAggregate,
  type Medians,
  type PublishedTable,
} from "./build-table.js";
import { observeEpsilonSpend } from "./epsilon-observers.js";
import { gaussian, laplace } from "./noise.js";
import type { StatisticsConfig } from "./settings.js";
import { dialectOf } from "../../db/sql-dialect.js";
import { addBucket, medianOf, withMargins, type Histograms } from "./median-histogram.js";
import {
  cellsSql,
  groupingSets,
  MEDIAN_GRAIN,
  medianBucketsSql,
  medianMarginsFromFinest,
  populationCountsSql,
  type SqlContext,
} from "./statistics-sql.js";

export interface StatisticsAnswer extends PublishedTable {
  plan: StatisticsPlan;
  k: number;
  privacy: {
    mechanism: NoiseMechanism;
    epsilonSpent: number;
    epsilonRemaining: number;
    delta: number | null;
    calibrations: { quantity: string; calibration: NoiseCalibration }[];
  } | null;
}

interface Asked {
  db: Db;
  principal: Principal;
  config: StatisticsConfig;
  now: Date;
  requestId: string;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const INPUT_RULE = "input";

async function logQuery(
  db: Pick<Db, "statisticsQueryLog">,
  asked: Asked,
  request: StatisticsRequest,
  outcome:
    { answered: PublishedTable; epsilon: number | null } | { refusal: StatisticsRefusal | { code: string } },
) {
  await db.statisticsQueryLog.create({
    data: {
      at: asked.now,
      apiKeyId: asked.principal.keyId,
      role: keyRole(asked.principal),
      requestId: asked.requestId,
      query: JSON.parse(JSON.stringify(request)),
      outcome: "answered" in outcome ? "ANSWERED" : "REFUSED",
      refusal: "refusal" in outcome ? outcome.refusal.code : null,
      cells: "answered" in outcome ? outcome.answered.cells.length : 0,
      suppressedCells: "answered" in outcome ? outcome.answered.suppressedCells : 0,
      mechanism: request.privacy?.mechanism ?? null,
      epsilonSpent: "answered" in outcome ? outcome.epsilon : null,
    },
  });
}

async function refuse(asked: Asked, request: StatisticsRequest, refusal: StatisticsRefusal): Promise<never> {
  await logQuery(asked.db, asked, request, { refusal });
  const code = refusal.rule === INPUT_RULE ? "BAD_USER_INPUT" : "STATISTICS_REFUSED";
  throw teikyoError(code, refusal.message, { reason: refusal.code, rule: refusal.rule, ...refusal.details });
}

/** The statistics purpose as in force at `now` (art. 18: dimensions stay within its items). */
async function statisticsPurpose(db: Db, code: string, now: Date) {
  const purpose = (await catalogSnapshot(db, now)).purposes.get(code);
  return purpose ? { code, items: new Set(purpose.items) } : null;
}

function toAggregates(rows: Record<string, unknown>[], dims: number): Map<number, CellAggregate[]> {
  const sets = new Map<number, CellAggregate[]>();
  for (const r of rows) {
    const gs = num(r.gs);
    const list = sets.get(gs) ?? [];
    list.push({
      key: Array.from({ length: dims }, (_, i) => (r[`d${i}`] ?? null) as string | null),
      people: num(r.people),
      keySum: num(r.keysum),
      orders: num(r.orders),
      amount: num(r.amount),
      topOrders: num(r.toporders),
      topAmount: num(r.topamount),
    });
    sets.set(gs, list);
  }
  return sets;
}

async function medians(db: Db, plan: StatisticsPlan, ctx: SqlContext): Promise<Medians> {
  const result: Medians = {};
  const wanted = [
    ["orderCount", "ORDER_COUNT_MEDIAN"],
    ["orderAmount", "ORDER_AMOUNT_MEDIAN"],
  ] as const;
  for (const [of, measure] of wanted) {
    if (!plan.measures.includes(measure)) continue;
    const rows = await db.$queryRaw<Record<string, unknown>[]>(medianBucketsSql(plan, ctx, of, true));
    const buckets = rows.map((r) => ({
      key: plan.groupBy.map((_, i) => (r[`d${i}`] ?? null) as string | null),
      bucket: { value: num(r.bucket), count: num(r.c), min: num(r.lo), max: num(r.hi) },
    }));
    let histograms: Histograms;
    if (medianMarginsFromFinest(plan, of))
      histograms = withMargins(buckets, groupingSets(plan.groupBy.length, true));
    else {
      histograms = new Map();
      for (const { key, bucket } of buckets) addBucket(histograms, key, bucket);
    }
    const byKey = new Map<string, number>();
    for (const [id, cell] of histograms) {
      const median = medianOf(cell.values());
      if (median === null) continue;
      // A median is one real value (or the mean of two): amounts are shown to the hundred yen.
      const grain = MEDIAN_GRAIN[of];
      byKey.set(id, grain === 1 ? median : Math.round(median / grain) * grain);
    }
    result[of] = byKey;
  }
  return result;
}

export async function runStatistics(asked: Asked, request: StatisticsRequest): Promise<StatisticsAnswer> {
  const { db, config, now, principal } = asked;
  const decision = decideStatisticsQuery(
    request,
    await statisticsPurpose(db, config.purposeCode, now),
    config,
    now,
  );
  if (!decision.ok) return refuse(asked, request, decision.refusal);
  const { plan } = decision;
  const budgetRow = plan.privacy
    ? await db.privacyBudget.findUnique({ where: { apiKeyId: principal.keyId } })
    : null;
  if (plan.privacy) {
    const problem = budgetProblem(budgetRow, plan.privacy.epsilon);
    if (problem) return refuse(asked, request, { ...problem, details: {} });
  }
  const ctx: SqlContext = {
    dialect: dialectOf(db),
    now,
    statisticsPurpose: config.purposeCode,
    lists: config.lists,
  };
  // Under differential privacy the noise is the protection: a refusal decided on exact
  // counts would itself reveal them, free of budget, so these checks guard exact answers.
  if (!plan.privacy) {
    const [counts] = await db.$queryRaw<Record<string, unknown>[]>(populationCountsSql(plan, ctx));
    const population = populationProblem(config.k, {
      selected: num(counts?.c0),
      withoutFilter: plan.filters.map((f, i) => ({
        dimension: f.dimension,
        selected: num(counts?.[`c${i + 1}`]),
      })),
    });
    if (population) return refuse(asked, request, population);
  }

  let table: PublishedTable;
  if (plan.privacy) {
    const rows = await db.$queryRaw<Record<string, unknown>[]>(
      cellsSql(plan, ctx, { caps: config.caps, marginsToo: false }),
    );
    const finest = toAggregates(rows, plan.groupBy.length).get(0) ?? [];
    const sample = (c: NoiseCalibration) =>
      c.mechanism === "LAPLACE" ? laplace(c.scale) : gaussian(c.scale);
    table = privateTable(plan, finest, config, now, sample);
  } else {
    const rows = await db.$queryRaw<Record<string, unknown>[]>(
      cellsSql(plan, ctx, { caps: null, marginsToo: true }),
    );
    const sets = toAggregates(rows, plan.groupBy.length);
    const aggregates = [...sets.keys()].sort((a, b) => a - b).flatMap((gs) => sortCells(sets.get(gs) ?? []));
    table = exactTable(plan, aggregates, await medians(db, plan, ctx), config);
  }

  const epsilon = plan.privacy?.epsilon ?? null;
  let remaining = 0;
  await db.$transaction(async (tx) => {
    if (plan.privacy) {
      // One conditional update, so concurrent queries can never spend past the budget.
      const cost = plan.privacy.epsilon;
      const spent = await tx.$executeRaw(
        sql`UPDATE "PrivacyBudget" SET "spent" = "spent" + ${cost}, "updatedAt" = ${ctx.dialect.instant(now)}
            WHERE "apiKeyId" = ${principal.keyId} AND "spent" + ${cost} <= "epsilon" + ${BUDGET_SLACK}`,
      );
      const after = await tx.privacyBudget.findUniqueOrThrow({ where: { apiKeyId: principal.keyId } });
      if (spent !== 1) {
        const problem = budgetProblem(after, cost) ?? {
          code: "PRIVACY_BUDGET_EXHAUSTED",
          rule: BUDGET_RULE,
          message: "",
        };
        throw teikyoError("STATISTICS_REFUSED", problem.message, {
          reason: problem.code,
          rule: problem.rule,
        });
      }
      remaining = after.epsilon - after.spent;
    }
    await logQuery(tx, asked, request, { answered: table, epsilon });
  });
  if (plan.privacy)
    observeEpsilonSpend({
      keyId: principal.keyId,
      purpose: config.purposeCode,
      mechanism: plan.privacy.mechanism,
      epsilon: plan.privacy.epsilon,
    });
  return {
    ...table,
    plan,
    k: config.k,
    privacy: plan.privacy
      ? {
          mechanism: plan.privacy.mechanism,
          epsilonSpent: plan.privacy.epsilon,
          epsilonRemaining: Math.max(0, remaining),
          delta: plan.privacy.mechanism === "GAUSSIAN" ? config.delta : null,
          calibrations: table.calibrations,
        }
      : null,
  };
}

function sortCells(cells: CellAggregate[]): CellAggregate[] {
  return [...cells].sort((a, b) => cellId(a.key).localeCompare(cellId(b.key)));
}
