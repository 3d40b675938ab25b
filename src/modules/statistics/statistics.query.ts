/**
 * Query.statistics and its companions: anonymized aggregates for the analytics role (and
 * admin). No person, id, record or free text is reachable from here; see run-statistics.ts.
 */
import { builder } from "../../builder.js";
import {
  allowedValues,
  DIMENSIONS,
  STATISTICS_DIMENSIONS,
  STATISTICS_MEASURES,
  type StatisticsDimension,
} from "../../policy/statistics/dimensions.js";
import type { StatisticsAnswer } from "./run-statistics.js";
import { runStatistics } from "./run-statistics.js";

const dimensionDescriptions = Object.fromEntries(
  STATISTICS_DIMENSIONS.map((d) => [
    d,
    { description: `${DIMENSIONS[d].description} (data item ${DIMENSIONS[d].item}).` },
  ]),
);
export const DimensionEnum = builder.enumType("StatisticsDimension", {
  description: "A coarse, whitelisted category statistics may be grouped by or filtered on.",
  values: dimensionDescriptions as Record<StatisticsDimension, { description: string }>,
});

const MeasureEnum = builder.enumType("StatisticsMeasure", {
  description: "PEOPLE is always included. Order counts are per person; order amounts per order, in yen.",
  values: STATISTICS_MEASURES,
});

const MechanismEnum = builder.enumType("NoiseMechanism", {
  values: {
    LAPLACE: { description: "Laplace noise, pure epsilon-differential privacy." },
    GAUSSIAN: { description: "Gaussian noise, (epsilon, delta)-differential privacy." },
  } as const,
});

const NoiseEnum = builder.enumType("StatisticsNoise", {
  values: {
    CELL_KEY_PERTURBATION: {
      description:
        "Counts move by at most 2 and sums by at most half their largest contribution, the same for the same group of people every time.",
    },
    DIFFERENTIAL_PRIVACY: { description: "Calibrated noise; margins are sums of noisy cells." },
    NONE: { description: "Exact values (perturbation switched off by configuration)." },
  } as const,
});

const FilterInput = builder.inputType("StatisticsFilter", {
  fields: (t) => ({
    dimension: t.field({ type: DimensionEnum, required: true }),
    values: t.stringList({
      required: true,
      description: "Categories of the dimension; see statisticsDimensions.",
    }),
  }),
});

const PrivacyInput = builder.inputType("DifferentialPrivacyInput", {
  fields: (t) => ({
    epsilon: t.float({ required: true, description: "Spent from this key's budget." }),
    mechanism: t.field({ type: MechanismEnum, required: false, defaultValue: "LAPLACE" }),
  }),
});

type Cell = StatisticsAnswer["cells"][number];

const ValueRef = builder.objectRef<Cell["values"][number]>("StatisticsValue").implement({
  fields: (t) => ({
    measure: t.expose("measure", { type: MeasureEnum }),
    value: t.exposeFloat("value", { nullable: true, description: "Null when the cell is suppressed." }),
  }),
});

const CellRef = builder.objectRef<Cell>("StatisticsCell").implement({
  description: "One cell of the table, or a margin (a total over the dimensions whose key is null).",
  fields: (t) => ({
    key: t.exposeStringList("key", {
      nullable: { list: false, items: true },
      description: "The cell's category per groupBy dimension, in order; null means all (a margin).",
    }),
    margin: t.exposeBoolean("margin"),
    // Whether a hidden cell is small or hidden to protect another is not said: it would
    // tell which hidden groups are small.
    suppressed: t.boolean({ resolve: (c) => c.suppression !== null }),
    people: t.exposeInt("people", { nullable: true }),
    values: t.expose("values", { type: [ValueRef] }),
  }),
});

const ControlRef = builder.objectRef<StatisticsAnswer>("StatisticsDisclosureControl").implement({
  fields: (t) => ({
    k: t.exposeInt("k", { description: "Cells of fewer people are suppressed." }),
    suppressedCells: t.exposeInt("suppressedCells"),
    noise: t.expose("noise", { type: NoiseEnum }),
  }),
});

type Privacy = NonNullable<StatisticsAnswer["privacy"]>;
const CalibrationRef = builder.objectRef<Privacy["calibrations"][number]>("NoiseCalibration").implement({
  fields: (t) => ({
    quantity: t.exposeString("quantity", { description: "people, orders or amount." }),
    scale: t.float({
      description: "Laplace scale b, or Gaussian standard deviation.",
      resolve: (c) => c.calibration.scale,
    }),
  }),
});

const PrivacyRef = builder.objectRef<Privacy>("PrivacySpend").implement({
  fields: (t) => ({
    mechanism: t.expose("mechanism", { type: MechanismEnum }),
    epsilonSpent: t.exposeFloat("epsilonSpent"),
    epsilonRemaining: t.exposeFloat("epsilonRemaining"),
    delta: t.exposeFloat("delta", { nullable: true }),
    noise: t.expose("calibrations", { type: [CalibrationRef] }),
  }),
});

const TableRef = builder.objectRef<StatisticsAnswer>("StatisticsTable").implement({
  description: "Anonymized aggregates: never a person, an id or a group of fewer than k people.",
  fields: (t) => ({
    groupBy: t.field({ type: [DimensionEnum], resolve: (a) => a.plan.groupBy }),
    measures: t.field({ type: [MeasureEnum], resolve: (a) => a.plan.measures }),
    cells: t.expose("cells", { type: [CellRef] }),
    disclosureControl: t.field({ type: ControlRef, resolve: (a) => a }),
    privacy: t.expose("privacy", { type: PrivacyRef, nullable: true }),
  }),
});

builder.queryField("statistics", (t) =>
  t.field({
    type: TableRef,
    description:
      "Counts, sums, averages and medians over customers, by whitelisted dimensions. Small cells are suppressed; each query is logged.",
    authScopes: { analytics: true, admin: true },
    args: {
      groupBy: t.arg({ type: [DimensionEnum], required: false, defaultValue: [] }),
      filters: t.arg({ type: [FilterInput], required: false, defaultValue: [] }),
      measures: t.arg({ type: [MeasureEnum], required: false, defaultValue: ["PEOPLE"] }),
      differentialPrivacy: t.arg({ type: PrivacyInput, required: false }),
    },
    resolve: (_root, args, ctx) =>
      runStatistics(
        {
          db: ctx.db,
          principal: ctx.principal,
          config: ctx.statistics,
          now: ctx.now,
          requestId: ctx.requestId,
        },
        {
          groupBy: args.groupBy ?? [],
          filters: args.filters ?? [],
          measures: args.measures ?? ["PEOPLE"],
          privacy: args.differentialPrivacy
            ? {
                epsilon: args.differentialPrivacy.epsilon,
                mechanism: args.differentialPrivacy.mechanism ?? "LAPLACE",
              }
            : null,
        },
      ),
  }),
);

const DimensionInfoRef = builder
  .objectRef<{ dimension: StatisticsDimension; values: readonly string[] | null }>("StatisticsDimensionInfo")
  .implement({
    fields: (t) => ({
      dimension: t.expose("dimension", { type: DimensionEnum }),
      dataItem: t.string({ resolve: (d) => DIMENSIONS[d.dimension].item }),
      level: t.string({ description: "PERSON or ORDER.", resolve: (d) => DIMENSIONS[d.dimension].level }),
      values: t.exposeStringList("values", {
        nullable: true,
        description: "The categories; null for years (YYYY) and months (YYYY-MM).",
      }),
    }),
  });

builder.queryField("statisticsDimensions", (t) =>
  t.field({
    type: [DimensionInfoRef],
    description: "The dimensions statistics may use, and their categories.",
    authScopes: { analytics: true, admin: true },
    resolve: (_root, _args, ctx) =>
      STATISTICS_DIMENSIONS.map((dimension) => ({
        dimension,
        values: allowedValues(dimension, ctx.statistics.lists),
      })),
  }),
);
