/**
 * Query-set size control: the population a query describes, and each group a filter leaves
 * out, must be empty or hold at least k people. Otherwise two answers, one with the filter
 * and one without, differ only by those few people, and subtracting them describes them.
 */
import type { StatisticsDimension } from "./dimensions.js";
import type { StatisticsRefusal } from "./query-rules.js";

export interface PopulationCounts {
  /** People the whole filter selects. */
  selected: number;
  /** For each filter, people selected with that filter dropped. */
  withoutFilter: readonly { dimension: StatisticsDimension; selected: number }[];
}

export function populationProblem(k: number, counts: PopulationCounts): StatisticsRefusal | null {
  // APPI art. 2(1): a group of fewer than k people could identify someone; k = 10 by default.
  if (counts.selected < k)
    return {
      code: "POPULATION_BELOW_THRESHOLD",
      rule: "disclosure control: minimum population",
      message: `The filters select fewer than ${k} people; widen them.`,
      details: { k },
    };
  for (const f of counts.withoutFilter) {
    const left = f.selected - counts.selected;
    if (left > 0 && left < k)
      return {
        code: "FILTER_ISOLATES_SMALL_GROUP",
        rule: "disclosure control: no differencing",
        message: `The filter on ${f.dimension} leaves out fewer than ${k} people, so comparing with the unfiltered answer would describe them; drop it or narrow it further.`,
        details: { k, dimension: f.dimension },
      };
  }
  return null;
}
