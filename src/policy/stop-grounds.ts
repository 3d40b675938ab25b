/**
 * Why a person may demand that use or third-party provision stop (APPI art. 35), and which
 * paragraph a stop then rests on: breaches of arts. 18-20 stop use (35(1)), breaches of
 * 27(1) or 28 stop provision (35(3)), and since 2022 no longer needed, a reportable leak or
 * harm to rights stop either (35(5)).
 */
import type { RuleOutcome } from "./outcome.js";

export const STOP_GROUNDS = {
  BREACH_18_19_20: {
    rule: "APPI art. 35(1)",
    scope: "USE_FOR_PURPOSE",
    en: "Used beyond the purpose, improperly or acquired improperly",
  },
  BREACH_27_28: {
    rule: "APPI art. 35(3)",
    scope: "THIRD_PARTY_PROVISION",
    en: "Provided to a third party in breach of art. 27(1) or 28",
  },
  NO_LONGER_NEEDED: { rule: "APPI art. 35(5)", scope: null, en: "No longer needed for the purposes of use" },
  LEAK: { rule: "APPI art. 35(5)", scope: null, en: "A reportable leak (art. 26(1)) occurred" },
  RIGHTS_HARMED: {
    rule: "APPI art. 35(5)",
    scope: null,
    en: "Handling may harm the person's rights or legitimate interests",
  },
} as const;

export type StopGround = keyof typeof STOP_GROUNDS;
export type StopScope = "THIRD_PARTY_PROVISION" | "USE_FOR_PURPOSE";

/** The paragraph a stop rests on; a stop registered without a ground keeps its old citation. */
export function stopArticle(scope: StopScope, ground: string | null | undefined): string {
  const g = ground ? STOP_GROUNDS[ground as StopGround] : undefined;
  if (g) return g.rule;
  return scope === "THIRD_PARTY_PROVISION" ? "APPI art. 35(5)" : "APPI art. 35(1)";
}

// APPI art. 35(1), (3): a breach ground fits only its own kind of stop.
export function checkStopGround(scope: StopScope, ground: StopGround): RuleOutcome | null {
  const fits = STOP_GROUNDS[ground].scope;
  if (fits === null || fits === scope) return null;
  return {
    code: "GROUND_DOES_NOT_FIT_SCOPE",
    rule: STOP_GROUNDS[ground].rule,
    message: `Ground ${ground} supports a stop of ${fits === "USE_FOR_PURPOSE" ? "use" : "third-party provision"}, not ${scope}.`,
  };
}
