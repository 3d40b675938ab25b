/**
 * Supervision of entrustees (APPI art. 25): each entrustee is checked under its contract, the
 * result recorded, and one whose check is overdue or failed stands out. Pure.
 */
import type { RuleOutcome } from "./outcome.js";
import type { LegalBasis } from "./types.js";

export const SUPERVISION_RESULTS = ["SATISFACTORY", "IMPROVEMENT_REQUIRED", "UNSATISFACTORY"] as const;
export type SupervisionResult = (typeof SUPERVISION_RESULTS)[number];

export function checkSupervision(s: {
  recipientId: string;
  basis: LegalBasis;
  findings: string;
  checkedAt: Date;
  nextCheckDue: Date;
  now: Date;
}): RuleOutcome | null {
  if (s.basis !== "ENTRUSTEE")
    return {
      code: "NOT_AN_ENTRUSTEE",
      rule: "APPI art. 25",
      message: `Recipient "${s.recipientId}" is ${s.basis}: supervision under art. 25 is of entrustees.`,
    };
  if (!s.findings.trim())
    return { code: "FINDINGS_MISSING", rule: "APPI art. 25", message: "Record what was checked and found." };
  if (s.checkedAt.getTime() > s.now.getTime())
    return {
      code: "CHECK_IN_FUTURE",
      rule: "APPI art. 25",
      message: "A supervision check is recorded once made.",
    };
  if (s.nextCheckDue.getTime() <= s.checkedAt.getTime())
    return {
      code: "NEXT_CHECK_NOT_AFTER",
      rule: "APPI art. 25",
      message: "nextCheckDue must follow checkedAt.",
    };
  return null;
}

export type SupervisionStatus = "NEVER_CHECKED" | "OVERDUE" | "ACTION_NEEDED" | "CURRENT";

// APPI art. 25: necessary and appropriate supervision; never checked, overdue or failed checks need action.
export function supervisionStatus(
  last: { result: string; nextCheckDue: Date } | null,
  now: Date,
): SupervisionStatus {
  if (!last) return "NEVER_CHECKED";
  if (last.nextCheckDue.getTime() <= now.getTime()) return "OVERDUE";
  return last.result === "SATISFACTORY" ? "CURRENT" : "ACTION_NEEDED";
}
