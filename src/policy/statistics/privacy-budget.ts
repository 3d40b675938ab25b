/**
 * Differential privacy accounting. A query spends the epsilon it asks for, split evenly over
 * the quantities it releases (sequential composition); cells of one table hold disjoint
 * people (parallel composition), and margins are sums of noisy cells (post-processing), so
 * they cost nothing more.
 */
import type { RuleOutcome } from "../outcome.js";
import type { NoiseMechanism, Quantity } from "./query-rules.js";

export interface Budget {
  epsilon: number;
  spent: number;
}

export type BudgetRefusal = RuleOutcome<"NO_PRIVACY_BUDGET" | "PRIVACY_BUDGET_EXHAUSTED">;

/** Not an APPI article: the budget is the company's own disclosure-control policy. */
export const BUDGET_RULE = "differential privacy: budget";

/** Rounding slack, so that spending exactly what is left is allowed. */
export const BUDGET_SLACK = 1e-9;

export function budgetProblem(budget: Budget | null, cost: number): BudgetRefusal | null {
  if (!budget)
    return {
      code: "NO_PRIVACY_BUDGET",
      rule: BUDGET_RULE,
      message:
        "This key has no differential-privacy budget; an administrator sets one with setPrivacyBudget.",
    };
  if (budget.spent + cost > budget.epsilon + BUDGET_SLACK)
    return {
      code: "PRIVACY_BUDGET_EXHAUSTED",
      rule: BUDGET_RULE,
      message: `This query needs epsilon ${cost}, but only ${Math.max(0, budget.epsilon - budget.spent).toFixed(4)} of the key's ${budget.epsilon} is left.`,
    };
  return null;
}

/** The largest change one person makes to each released quantity (contributions are capped). */
export function sensitivity(quantity: Quantity, caps: { orderCount: number; orderAmount: number }): number {
  return quantity === "people" ? 1 : quantity === "orders" ? caps.orderCount : caps.orderAmount;
}

export interface NoiseCalibration {
  mechanism: NoiseMechanism;
  /** Laplace: the scale b; Gaussian: the standard deviation sigma. */
  scale: number;
}

/** Laplace: b = sensitivity / epsilon. Gaussian (epsilon < 1): sigma = sensitivity * sqrt(2 ln(1.25/delta)) / epsilon. */
export function calibrate(
  mechanism: NoiseMechanism,
  sensitivityValue: number,
  epsilon: number,
  delta: number,
): NoiseCalibration {
  if (mechanism === "LAPLACE") return { mechanism, scale: sensitivityValue / epsilon };
  return { mechanism, scale: (sensitivityValue * Math.sqrt(2 * Math.log(1.25 / delta))) / epsilon };
}
