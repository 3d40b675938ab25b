/** Statistics settings from the environment; disclosure control is on unless turned down. */
import { envInt } from "../../env.js";
import type { StatisticsSettings } from "../../policy/statistics/query-rules.js";

export interface StatisticsConfig extends StatisticsSettings {
  /** The announced purpose statistics are made under (its items bound the dimensions). */
  purposeCode: string;
}

const list = (value: string | undefined, fallback: string[]) =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : fallback;

export function statisticsConfig(env: NodeJS.ProcessEnv = process.env): StatisticsConfig {
  return {
    purposeCode: env.TEIKYO_STATISTICS_PURPOSE ?? "statistics",
    // Below 2 a cell could be one person: k-anonymity cannot be switched off entirely.
    k: envInt(env, "TEIKYO_STATISTICS_K", 10, 2),
    perturbation: !["off", "false", "0", "no"].includes(
      (env.TEIKYO_STATISTICS_PERTURBATION ?? "on").toLowerCase(),
    ),
    maxGroupBy: 3,
    lists: {
      membershipTiers: list(env.TEIKYO_STATISTICS_TIERS, ["regular", "silver", "gold", "platinum"]),
      productCategories: list(env.TEIKYO_STATISTICS_CATEGORIES, [
        "electronics",
        "food",
        "apparel",
        "beauty",
        "books",
        "sports",
        "software",
      ]),
    },
    caps: {
      orderCount: envInt(env, "TEIKYO_DP_ORDER_COUNT_CAP", 20, 1),
      orderAmount: envInt(env, "TEIKYO_DP_ORDER_AMOUNT_CAP", 300_000, 1),
    },
    delta: 1e-6,
    maxPrivateCells: 5_000,
    firstCustomerYear: envInt(env, "TEIKYO_STATISTICS_FIRST_CUSTOMER_YEAR", 2000, 1900),
  };
}
