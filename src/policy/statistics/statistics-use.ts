/**
 * Whether a person's data may go into statistics at all. Statistics are the company's own
 * use for its statistics purpose, so third-party rules do not apply, but use rules do.
 * Pure; the same rule as SQL is in modules/statistics/eligibility-sql.ts, kept in step by a test.
 */
import type { RuleOutcome } from "../outcome.js";
import { inForce, type PersonState } from "../person-inclusion.js";

export type StatisticsExclusion = RuleOutcome<"SUSPENDED_USE" | "IMPROPERLY_ACQUIRED">;

export function statisticsExclusion(
  person: Pick<PersonState, "acquisitionMethod" | "suspensions">,
  statisticsPurpose: string,
  now: Date,
): StatisticsExclusion | null {
  // APPI art. 35(1)/(5): a demand to stop use for the statistics purpose.
  const suspended = person.suspensions.some(
    (s) =>
      s.scope === "USE_FOR_PURPOSE" &&
      s.purposeCode === statisticsPurpose &&
      inForce(s.receivedAt, s.liftedAt, now),
  );
  if (suspended)
    return {
      code: "SUSPENDED_USE",
      rule: "APPI art. 35(1)",
      message: "The person demanded that use for statistics stop.",
    };
  // APPI art. 20(1): improperly acquired data may not be used, in statistics either.
  if (person.acquisitionMethod === "IMPROPER")
    return {
      code: "IMPROPERLY_ACQUIRED",
      rule: "APPI art. 20(1)",
      message: "Improperly acquired data is not used, in statistics either.",
    };
  return null;
}
