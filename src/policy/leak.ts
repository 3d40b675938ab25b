/**
 * Whether a leak must be reported to the PPC and the people affected (APPI art. 26, Rules
 * art. 7), and by when (Rules art. 8): sensitive data, data whose misuse may cause financial
 * loss, an improper purpose (an attack, an insider), or more than 1,000 people. Pure.
 */
import type { RuleOutcome } from "./outcome.js";
import type { DataItemClass } from "./types.js";

export interface LeakFacts {
  people: number;
  items: readonly string[];
  classes: ReadonlyMap<string, DataItemClass>;
  /** Items whose misuse may cause financial loss (card numbers, bank logins): company's list. */
  financialItems: ReadonlySet<string>;
  /** Suspected attack or insider (R7(iii)). */
  improperPurpose: boolean;
}

export interface LeakAssessment {
  reportable: boolean;
  /** Each threshold met, with its article. */
  grounds: RuleOutcome[];
  /** R8(2): the final report within 30 days, 60 for an improper purpose. */
  finalReportDays: number | null;
}

export const PEOPLE_THRESHOLD = 1000;

export function assessLeak(f: LeakFacts): LeakAssessment {
  const grounds: RuleOutcome[] = [];
  const sensitive = f.items.filter((i) => f.classes.get(i) === "SENSITIVE");
  if (sensitive.length)
    grounds.push({
      code: "SENSITIVE_DATA",
      rule: "APPI art. 26(1); R7(i)",
      message: `Sensitive data is involved: ${sensitive.join(", ")}.`,
    });
  const financial = f.items.filter((i) => f.financialItems.has(i));
  if (financial.length)
    grounds.push({
      code: "FINANCIAL_LOSS_RISK",
      rule: "APPI art. 26(1); R7(ii)",
      message: `Data whose misuse may cause financial loss is involved: ${financial.join(", ")}.`,
    });
  if (f.improperPurpose)
    grounds.push({
      code: "IMPROPER_PURPOSE",
      rule: "APPI art. 26(1); R7(iii)",
      message: "The leak may have been caused for an improper purpose (an attack or an insider).",
    });
  if (f.people > PEOPLE_THRESHOLD)
    grounds.push({
      code: "MORE_THAN_1000_PEOPLE",
      rule: "APPI art. 26(1); R7(iv)",
      message: `${f.people} people are involved, more than ${PEOPLE_THRESHOLD}.`,
    });
  return {
    reportable: grounds.length > 0,
    grounds,
    finalReportDays: grounds.length === 0 ? null : f.improperPurpose ? 60 : 30,
  };
}
