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
  // IN, not a correlated EXISTS: SQLite then reads the orders once into a temporary index
  // instead of looking each person's orders up (PostgreSQL plans both as a semi-join).
  const hasOrder = orderUnit
    ? [sql`p."id" IN (SELECT o."personId" FROM "Order" o WHERE ${and(orderConds)})`]
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

/**
 * A CTE read more than once is computed once. PostgreSQL does so anyway; SQLite would
 * otherwise copy a flattenable CTE into every reader and run its joins once per grouping set.
 * One read once is streamed into its reader: SQLite would otherwise write a grouped CTE to a
 * temporary table first (PostgreSQL inlines it either way).
 */
const cte = (name: string, body: Sql, readers: number) =>
  readers > 1 ? sql`${raw(name)} AS MATERIALIZED (${body})` : sql`${raw(name)} AS NOT MATERIALIZED (${body})`;

/**
 * Whether each person lies in exactly one finest cell: no grouping by an order-level
 * dimension (with an order-level filter the unit is ORDER, yet a person's cell is theirs).
 * Then a margin is the sum of the finest cells it covers.
 */
export const onePersonOneCell = (plan: StatisticsPlan) => !plan.groupBy.some(isOrderLevel);

/**
 * Each person's order count and total. SQLite: the person's orders joined and grouped by
 * the person's rowid, read in the table's order and each person's orders found in the
 * covering index, so nothing is sorted or written to a temporary index (grouping the orders
 * first made SQLite build an automatic index over a million totals, docs/decisions/0088).
 * PostgreSQL: the orders grouped first and hash-joined, as measured in 0080.
 */
function orderTotals(ctx: SqlContext): { join: Sql; measures: Sql; groupBy: Sql } {
  if (ctx.dialect.provider === "sqlite")
    return {
      join: sql`LEFT JOIN "Order" o ON o."personId" = p."id"`,
      measures: sql`COUNT(o."personId") AS n, COALESCE(SUM(o."amount"), 0) AS amount`,
      groupBy: sql`GROUP BY p.rowid`,
    };
  return {
    join: sql`LEFT JOIN (SELECT "personId", COUNT(*) AS n, SUM("amount") AS amount FROM "Order" GROUP BY "personId") oa ON oa."personId" = p."id"`,
    measures: sql`COALESCE(oa.n, 0) AS n, COALESCE(oa.amount, 0) AS amount`,
    groupBy: empty,
  };
}

/** The query's rows, one per person (PERSON unit) or per person and order (ORDER unit), with dimensions d0.. */
function baseRows(plan: StatisticsPlan, ctx: SqlContext, perOrder: boolean): Sql {
  const dims = plan.groupBy.map((d, i) => sql`${dimensionSql(d, ctx)} AS ${dimAlias(i)}`);
  const where = and([eligibleSql(ctx), ...conditions(plan.filters, ctx)]);
  const key = sql`COALESCE(p."statisticsKey", 0) AS ck`;
  // Orders first: SQLite keeps a CROSS JOIN's order, so it scans the orders once and finds
  // each one's person by key, instead of fetching every order row at random through
  // Order_personId_idx. PostgreSQL reorders it freely, like any inner join. The person is
  // named by the order's personId (equal by the join): SQLite then knows the rows come in
  // its order and groups them per person without sorting (personCells).
  if (perOrder)
    return sql`SELECT o."personId" AS pid, ${key}, ${join([...dims, sql`o."amount" AS v`])}
      FROM "Order" o CROSS JOIN "Person" p WHERE o."personId" = p."id" AND ${where}`;
  if (!plan.needsOrders)
    return sql`SELECT p."id" AS pid, ${key}, ${join([...dims, sql`0 AS n, 0 AS amount`])} FROM "Person" p WHERE ${where}`;
  const totals = orderTotals(ctx);
  return sql`SELECT p."id" AS pid, ${key}, ${join([...dims, totals.measures])} FROM "Person" p ${totals.join} WHERE ${where} ${totals.groupBy}`;
}

/** One row per person and cell of the plan's finest grouping: pid, ck, d0.., n (orders), amount. */
function personCells(plan: StatisticsPlan, ctx: SqlContext): Sql {
  if (plan.unit === "PERSON") return baseRows(plan, ctx, false);
  const dims = plan.groupBy.map((_, i) => dimAlias(i));
  const measures = [sql`COUNT(*) AS n`, sql`SUM(v) AS amount`];
  // Grouped by the person alone when their cell is theirs: the key and dimensions are the
  // same on each of their orders, and SQLite reads the orders in personId order, so it
  // groups them as they come instead of sorting every matching order.
  if (onePersonOneCell(plan))
    return sql`SELECT pid, ${join([sql`MIN(ck) AS ck`, ...dims.map((d) => sql`MIN(${d}) AS ${d}`), ...measures])}
      FROM (${baseRows(plan, ctx, true)}) r GROUP BY pid`;
  return sql`SELECT pid, ck, ${join([...dims, ...measures])}
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
  const sets = groupingSets(n, options.marginsToo);
  const groupBy = (dims: Sql[]) => (dims.length > 0 ? sql`GROUP BY ${join(dims)}` : empty);
  if (onePersonOneCell(plan)) {
    // One row per person, in one finest cell: a margin is the sum (and maximum) of the finest
    // cells it covers, so everyone is aggregated once, not once per grouping set. The key sum
    // is reduced mod 2^31 last, which gives the same residue.
    const all = plan.groupBy.map((_, i) => dimAlias(i));
    const finest = sql`SELECT ${join([
      ...all,
      sql`COUNT(*) AS people`,
      sql`SUM(ck) AS keysum`,
      sql`SUM(${capped("n", options.caps?.orderCount)}) AS orders`,
      sql`SUM(${capped("amount", options.caps?.orderAmount)}) AS amount`,
      sql`MAX(n) AS toporders`,
      sql`MAX(amount) AS topamount`,
    ])} FROM pc ${groupBy(all)}`;
    const selects = sets.map((set, index) => {
      const dims = set.map((i) => dimAlias(i));
      const [sum, max] = index === 0 ? ["", ""] : ["SUM", "MAX"];
      const agg = (fn: string, column: string) => (fn ? raw(`${fn}(${column})`) : raw(column));
      return sql`SELECT ${join([
        sql`${index} AS gs`,
        ...selectDims(set, n),
        sql`${f(agg(sum, "people"))} AS people`,
        sql`${f(sql`${agg(sum, "keysum")} % 2147483648`)} AS keysum`,
        sql`${f(agg(sum, "orders"))} AS orders`,
        sql`${f(agg(sum, "amount"))} AS amount`,
        sql`${f(agg(max, "toporders"))} AS toporders`,
        sql`${f(agg(max, "topamount"))} AS topamount`,
      ])} FROM cells ${index === 0 ? empty : groupBy(dims)}`;
    });
    return sql`WITH ${cte("pc", personCells(plan, ctx), 1)}, ${cte("cells", finest, sets.length)} ${join(selects, " UNION ALL ")}`;
  }
  const selects = sets.map((set, index) => {
    const dims = set.map((i) => dimAlias(i));
    // The order unit regroups per person for a margin: a person is counted once in it.
    const perPerson =
      set.length === n
        ? sql`SELECT * FROM pc`
        : sql`SELECT pid, ck, ${join([...dims, sql`SUM(n) AS n`, sql`SUM(amount) AS amount`])} FROM pc GROUP BY ${join([raw("pid"), raw("ck"), ...dims])}`;
    return sql`SELECT ${join([
      sql`${index} AS gs`,
      ...selectDims(set, n),
      sql`${f(sql`COUNT(*)`)} AS people`,
      sql`${f(sql`SUM(ck) % 2147483648`)} AS keysum`,
      sql`${f(sql`SUM(${capped("n", options.caps?.orderCount)})`)} AS orders`,
      sql`${f(sql`SUM(${capped("amount", options.caps?.orderAmount)})`)} AS amount`,
      sql`${f(sql`MAX(n)`)} AS toporders`,
      sql`${f(sql`MAX(amount)`)} AS topamount`,
    ])} FROM (${perPerson}) x ${groupBy(dims)}`;
  });
  return sql`WITH ${cte("pc", personCells(plan, ctx), sets.length)} ${join(selects, " UNION ALL ")}`;
}

/** The grain a median is published at: amounts to the hundred yen, order counts exactly. */
export const MEDIAN_GRAIN = { orderAmount: 100, orderCount: 1 } as const;

/** The multiple of `grain` an integer rounds to, half up (as Math.round), in SQL. */
function bucketSql(value: Sql, grain: number): Sql {
  if (grain === 1) return value;
  // Literals, not parameters: PostgreSQL matches the SELECT's expression to the GROUP BY's
  // only when they are the same text. ((x % g) + g) % g is x mod g for negative x too.
  const g = raw(String(grain));
  const shifted = sql`(${value} + ${raw(String(Math.floor(grain / 2)))})`;
  return sql`(${shifted} - (((${shifted} % ${g}) + ${g}) % ${g}))`;
}

/**
 * Whether the buckets of the margins are sums of those of the finest cells: when each value
 * lies in exactly one finest cell. Not for a person's order count grouped by an order-level
 * dimension: a margin totals the person's orders across its cells first.
 */
export function medianMarginsFromFinest(plan: StatisticsPlan, of: "orderCount" | "orderAmount"): boolean {
  return of === "orderAmount" || onePersonOneCell(plan);
}

/**
 * Counts per value bucket (with the bucket's smallest and largest value) for the medians of
 * each person's order count or of order amounts: of the finest cells, and of the margins
 * when they cannot be summed from those. Grouping, not sorting: see median-histogram.ts.
 */
export function medianBucketsSql(
  plan: StatisticsPlan,
  ctx: SqlContext,
  of: "orderCount" | "orderAmount",
  marginsToo: boolean,
): Sql {
  const n = plan.groupBy.length;
  const f = ctx.dialect.float;
  const all = groupingSets(n, marginsToo);
  const sets = medianMarginsFromFinest(plan, of) ? all.slice(0, 1) : all;
  const fromPc = (set: number[]) => of === "orderCount" && plan.unit === "ORDER" && set.length < n;
  const source =
    of === "orderAmount"
      ? sql`SELECT ${join([...plan.groupBy.map((_, i) => dimAlias(i)), raw("v")])} FROM (${baseRows(plan, ctx, true)}) b`
      : sql`SELECT ${join([...plan.groupBy.map((_, i) => dimAlias(i)), raw("n AS v")])} FROM pc`;
  const selects = sets.map((set, index) => {
    const dims = set.map((i) => dimAlias(i));
    const values = fromPc(set)
      ? sql`SELECT ${join([...dims, sql`SUM(n) AS v`])} FROM pc GROUP BY ${join([raw("pid"), ...dims])}`
      : sql`SELECT * FROM src`;
    const bucket = bucketSql(raw("v"), MEDIAN_GRAIN[of]);
    return sql`SELECT ${join([
      sql`${index} AS gs`,
      ...selectDims(set, n),
      sql`${f(bucket)} AS bucket`,
      sql`${f(sql`COUNT(*)`)} AS c`,
      sql`${f(sql`MIN(v)`)} AS lo`,
      sql`${f(sql`MAX(v)`)} AS hi`,
    ])} FROM (${values}) vv GROUP BY ${join([...dims, bucket])}`;
  });
  const srcReaders = sets.filter((set) => !fromPc(set)).length;
  const pcReaders = of === "orderCount" ? 1 + sets.filter(fromPc).length : 0;
  const ctes = [
    ...(pcReaders > 0 ? [cte("pc", personCells(plan, ctx), pcReaders)] : []),
    cte("src", source, srcReaders),
  ];
  return sql`WITH ${join(ctes)} ${join(selects, " UNION ALL ")}`;
}
