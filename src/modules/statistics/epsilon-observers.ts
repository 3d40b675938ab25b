/**
 * What metrics see of differential-privacy spending (src/observability/metrics.ts): told
 * after a spend has committed with its query log, never before, so a counter cannot show
 * epsilon that a rolled-back query did not spend.
 */
import type { NoiseMechanism } from "../../policy/statistics/query-rules.js";

export interface EpsilonSpend {
  /** The analyst's API key id (an identifier, not the secret). */
  keyId: string;
  /** The dataset: the statistics purpose the population is drawn for. */
  purpose: string;
  mechanism: NoiseMechanism;
  epsilon: number;
}

export const epsilonObservers = new Set<(spend: EpsilonSpend) => void>();

export function observeEpsilonSpend(spend: EpsilonSpend): void {
  for (const observer of epsilonObservers) {
    try {
      observer(spend);
    } catch {
      // A metric must never fail an answer.
    }
  }
}
