/**
 * Whether a person's data may go into statistics at all. Statistics are the company's own
 * use for its statistics purpose, so third-party rules do not apply, but use rules do.
 * Pure; the same rule as SQL is in modules/statistics/eligibility-sql.ts, kept in step by a test.
 */
import { inForce, type PersonState } from "../person-inclusion.js";

export type StatisticsExclusion = { reason: "SUSPENDED_USE" | "IMPROPERLY_ACQUIRED"; rule: string };

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
  if (suspended) return { reason: "SUSPENDED_USE", rule: "APPI art. 35(1)" };
  // APPI art. 20(1): improperly acquired data may not be used, in statistics either.
  if (person.acquisitionMethod === "IMPROPER")
    return { reason: "IMPROPERLY_ACQUIRED", rule: "APPI art. 20(1)" };
  return null;
}
