/**
 * The SQL of a statistics query. Aggregation runs in the database: one statement for the
 * population checks, one for the cells of every grouping set (the table and its margins),
 * and one per median. Dimension values are mapped to their whitelists in SQL, so a value
 * outside a list leaves the database only as "other".
 */
import { empty, join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import {
  ageBandCutoffs,
  AGE_BANDS,
  DIMENSIONS,
  GENDERS,
  OTHER,
  PREFECTURES,
  REGIONS,
  type DimensionLists,
  type StatisticsDimension,
} from "../../policy/statistics/dimensions.js";
import type { StatisticsPlan } from "../../policy/statistics/query-rules.js";
import type { SqlDialect } from "../../db/sql-dialect.js";

export interface SqlContext {
  dialect: SqlDialect;
  now: Date;
  statisticsPurpose: string;
  lists: DimensionLists;
}

type Filter = StatisticsPlan["filters"][number];

const inList = (values: readonly string[]) => join(values.map((v) => sql`${v}`));

function whitelisted(column: Sql, values: readonly string[]): Sql {
  return sql`CASE WHEN ${column} IN (${inList(values)}) THEN ${column} ELSE ${OTHER} END`;
}

/** The SQL of a dimension's value; `p` is the person row, `o` the order row. */
export function dimensionSql(dimension: StatisticsDimension, ctx: SqlContext): Sql {
  const { dialect } = ctx;
  switch (dimension) {
    case "AGE_BAND": {
      const cutoffs = ageBandCutoffs(ctx.now);
      const whens = cutoffs.map(
        (cut, i) => sql`WHEN p."birthDate" > ${dialect.instant(cut)} THEN ${AGE_BANDS[i]}`,
      );
      return sql`CASE ${join(whens, " ")} ELSE ${AGE_BANDS[AGE_BANDS.length - 1]} END`;
    }
    case "PREFECTURE":
      return whitelisted(sql`p."prefecture"`, PREFECTURES);
    case "REGION": {
      const whens = Object.entries(REGIONS).map(
        ([region, prefectures]) => sql`WHEN p."prefecture" IN (${inList(prefectures)}) THEN ${region}`,
      );
      return sql`CASE ${join(whens, " ")} ELSE ${OTHER} END`;
    }
    case "GENDER":
      return whitelisted(
        sql`p."gender"`,
        GENDERS.filter((g) => g !== OTHER),
      );
    case "MEMBERSHIP_TIER":
      return whitelisted(sql`p."membershipTier"`, ctx.lists.membershipTiers);
    case "CUSTOMER_SINCE_YEAR":
      return dialect.jst(sql`p."customerSince"`, "year");
    case "ORDER_MONTH":
      return dialect.jst(sql`o."orderedAt"`, "month");
    case "PRODUCT_CATEGORY":
      return whitelisted(sql`o."category"`, ctx.lists.productCategories);
  }
}

/**
 * Who may be counted at all, as SQL: the rule of policy/statistics/statistics-use.ts
 * (a test keeps the two in step).
 */
export function eligibleSql(ctx: SqlContext): Sql {
  const now = ctx.dialect.instant(ctx.now);
  return sql`p."acquisitionMethod" <> 'IMPROPER' AND NOT EXISTS (
    SELECT 1 FROM "SuspensionRequest" s
    WHERE s."personId" = p."id" AND s."scope" = 'USE_FOR_PURPOSE' AND s."purposeCode" = ${ctx.statisticsPurpose}
      AND s."receivedAt" <= ${now} AND (s."liftedAt" IS NULL OR s."liftedAt" > ${now}))`;
}

const isOrderLevel = (d: StatisticsDimension) => DIMENSIONS[d].level === "ORDER";

function conditions(filters: readonly Filter[], ctx: SqlContext): Sql[] {
  return filters.map((f) => sql`${dimensionSql(f.dimension, ctx)} IN (${inList(f.values)})`);
}

const and = (parts: Sql[]) => (parts.length === 0 ? sql`1 = 1` : join(parts, " AND "));

/** People selected by some filters: with an order-level unit, only those with a matching order. */
function populationSql(filters: readonly Filter[], orderUnit: boolean, ctx: SqlContext): Sql {
  const personConds = conditions(
    filters.filter((f) => !isOrderLevel(f.dimension)),
    ctx,
  );
  const orderConds = conditions(
    filters.filter((f) => isOrderLevel(f.dimension)),
    ctx,
  );
  const hasOrder = orderUnit
    ? [sql`EXISTS (SELECT 1 FROM "Order" o WHERE o."personId" = p."id" AND ${and(orderConds)})`]
    : [];
  return sql`(SELECT COUNT(*) FROM "Person" p WHERE ${and([eligibleSql(ctx), ...personConds, ...hasOrder])})`;
}

/** Column 0: people the plan selects; column i: with filter i-1 dropped. */
export function populationCountsSql(plan: StatisticsPlan, ctx: SqlContext): Sql {
  const groupedByOrder = plan.groupBy.some(isOrderLevel);
  const unitOf = (filters: readonly Filter[]) =>
    groupedByOrder || filters.some((f) => isOrderLevel(f.dimension));
  const columns = [
    sql`${ctx.dialect.float(populationSql(plan.filters, unitOf(plan.filters), ctx))} AS c0`,
    ...plan.filters.map((_, i) => {
      const rest = plan.filters.filter((__, j) => j !== i);
      return sql`${ctx.dialect.float(populationSql(rest, unitOf(rest), ctx))} AS ${raw(`c${i + 1}`)}`;
    }),
  ];
  return sql`SELECT ${join(columns)}`;
}

const dimAlias = (i: number) => raw(`d${i}`);

/** The query's rows, one per person (PERSON unit) or per person and order (ORDER unit), with dimensions d0.. */
function baseRows(plan: StatisticsPlan, ctx: SqlContext, perOrder: boolean): Sql {
  const dims = plan.groupBy.map((d, i) => sql`${dimensionSql(d, ctx)} AS ${dimAlias(i)}`);
  const where = and([eligibleSql(ctx), ...conditions(plan.filters, ctx)]);
  const key = sql`COALESCE(p."statisticsKey", 0) AS ck`;
  if (perOrder)
    return sql`SELECT p."id" AS pid, ${key}, ${join([...dims, sql`o."amount" AS v`])}
      FROM "Person" p JOIN "Order" o ON o."personId" = p."id" WHERE ${where}`;
  const orders = plan.needsOrders
    ? sql`LEFT JOIN (SELECT "personId", COUNT(*) AS n, SUM("amount") AS amount FROM "Order" GROUP BY "personId") oa ON oa."personId" = p."id"`
    : empty;
  const measures = plan.needsOrders
    ? sql`COALESCE(oa.n, 0) AS n, COALESCE(oa.amount, 0) AS amount`
    : sql`0 AS n, 0 AS amount`;
  return sql`SELECT p."id" AS pid, ${key}, ${join([...dims, measures])} FROM "Person" p ${orders} WHERE ${where}`;
}

/** One row per person and cell of the plan's finest grouping: pid, ck, d0.., n (orders), amount. */
function personCells(plan: StatisticsPlan, ctx: SqlContext): Sql {
  if (plan.unit === "PERSON") return baseRows(plan, ctx, false);
  const dims = plan.groupBy.map((_, i) => dimAlias(i));
  return sql`SELECT pid, ck, ${join([...dims, sql`COUNT(*) AS n`, sql`SUM(v) AS amount`])}
    FROM (${baseRows(plan, ctx, true)}) r GROUP BY ${join([raw("pid"), raw("ck"), ...dims])}`;
}

/** Subsets of the grouped dimensions, finest first: the table, then its margins. */
export function groupingSets(dimensions: number, marginsToo: boolean): number[][] {
  const all = Array.from({ length: dimensions }, (_, i) => i);
  if (!marginsToo) return [all];
  const sets: number[][] = [];
  for (let mask = (1 << dimensions) - 1; mask >= 0; mask--) sets.push(all.filter((i) => mask & (1 << i)));
  return sets.sort((a, b) => b.length - a.length);
}

function selectDims(set: number[], dimensions: number): Sql[] {
  return Array.from({ length: dimensions }, (_, i) =>
    set.includes(i) ? sql`${dimAlias(i)}` : sql`CAST(NULL AS TEXT) AS ${dimAlias(i)}`,
  );
}

export interface CellSqlOptions {
  /** Per-person caps on orders and amount (differential privacy), or null. */
  caps: { orderCount: number; orderAmount: number } | null;
  marginsToo: boolean;
}

/**
 * Per cell: people, the cell key (sum of person keys mod 2^31), orders and amount summed,
 * and the largest single person's orders and amount (for perturbation).
 */
export function cellsSql(plan: StatisticsPlan, ctx: SqlContext, options: CellSqlOptions): Sql {
  const n = plan.groupBy.length;
  const f = ctx.dialect.float;
  const capped = (column: string, cap: number | undefined) =>
    cap === undefined
      ? raw(column)
      : sql`CASE WHEN ${raw(column)} > ${cap} THEN ${cap} ELSE ${raw(column)} END`;
  const selects = groupingSets(n, options.marginsToo).map((set, index) => {
    const dims = set.map((i) => dimAlias(i));
    // The person unit has one row per person already; the order unit regroups per person.
    const perPerson =
      plan.unit === "PERSON" || set.length === n
        ? sql`SELECT * FROM pc`
        : sql`SELECT pid, ck, ${join([...dims, sql`SUM(n) AS n`, sql`SUM(amount) AS amount`])} FROM pc GROUP BY ${join([raw("pid"), raw("ck"), ...dims])}`;
    const groupBy = dims.length > 0 ? sql`GROUP BY ${join(dims)}` : empty;
    return sql`SELECT ${join([
      sql`${index} AS gs`,
      ...selectDims(set, n),
      sql`${f(sql`COUNT(*)`)} AS people`,
      sql`${f(sql`SUM(ck) % 2147483648`)} AS keysum`,
      sql`${f(sql`SUM(${capped("n", options.caps?.orderCount)})`)} AS orders`,
      sql`${f(sql`SUM(${capped("amount", options.caps?.orderAmount)})`)} AS amount`,
      sql`${f(sql`MAX(n)`)} AS toporders`,
      sql`${f(sql`MAX(amount)`)} AS topamount`,
    ])} FROM (${perPerson}) x ${groupBy}`;
  });
  return sql`WITH pc AS (${personCells(plan, ctx)}) ${join(selects, " UNION ALL ")}`;
}

/** Medians per cell of every grouping set: of each person's order count, or of order amounts. */
export function mediansSql(
  plan: StatisticsPlan,
  ctx: SqlContext,
  of: "orderCount" | "orderAmount",
  marginsToo: boolean,
): Sql {
  const n = plan.groupBy.length;
  const source =
    of === "orderAmount"
      ? sql`SELECT ${join([...plan.groupBy.map((_, i) => dimAlias(i)), raw("v")])} FROM (${baseRows(plan, ctx, true)}) b`
      : sql`SELECT ${join([...plan.groupBy.map((_, i) => dimAlias(i)), raw("n AS v")])} FROM pc`;
  const selects = groupingSets(n, marginsToo).map((set, index) => {
    const dims = set.map((i) => dimAlias(i));
    const values =
      of === "orderCount" && plan.unit === "ORDER" && set.length < n
        ? sql`SELECT ${join([...dims, sql`SUM(n) AS v`])} FROM pc GROUP BY ${join([raw("pid"), ...dims])}`
        : sql`SELECT * FROM src`;
    const partition = dims.length > 0 ? sql`PARTITION BY ${join(dims)}` : empty;
    const groupBy = dims.length > 0 ? sql`GROUP BY ${join(dims)}` : empty;
    return sql`SELECT ${join([sql`${index} AS gs`, ...selectDims(set, n), sql`${ctx.dialect.float(sql`AVG(v)`)} AS median`])}
      FROM (SELECT ${join([...dims, raw("v")])},
              ROW_NUMBER() OVER (${partition} ORDER BY v) AS rn,
              COUNT(*) OVER (${partition}) AS cnt
            FROM (${values}) vv) t
      WHERE rn = (cnt + 1) / 2 OR rn = (cnt + 2) / 2 ${groupBy}`;
  });
  return sql`WITH pc AS (${personCells(plan, ctx)}), src AS (${source}) ${join(selects, " UNION ALL ")}`;
}
