/** Turns rule outcomes into one clear BAD_USER_INPUT error (nothing is written). */
import { teikyoError } from "../../errors.js";
import type { RuleOutcome } from "../../policy/outcome.js";

export function rejectProblems(problems: readonly RuleOutcome[]): void {
  if (problems.length === 0) return;
  throw teikyoError("BAD_USER_INPUT", problems.map((p) => `${p.message} (${p.rule})`).join(" "), {
    reason: problems[0]?.code,
    problems,
  });
}

/** Refuses with one rule's outcome: its code, article and message reach the caller. */
export function rejectOutcome(problem: RuleOutcome | null): asserts problem is null {
  if (problem) rejectProblems([problem]);
}

export function badInput(message: string, rule?: string): never {
  throw teikyoError("BAD_USER_INPUT", message, rule ? { problems: [{ rule, message }] } : {});
}

export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;
