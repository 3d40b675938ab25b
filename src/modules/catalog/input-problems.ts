/** Turns rule problems into one clear BAD_USER_INPUT error (nothing is written). */
import { teikyoError } from "../../errors.js";
import type { ChangeProblem } from "../../policy/catalog-changes.js";

export function rejectProblems(problems: ChangeProblem[]): void {
  if (problems.length === 0) return;
  throw teikyoError("BAD_USER_INPUT", problems.map((p) => `${p.message} (${p.rule})`).join(" "), {
    problems,
  });
}

export function badInput(message: string, rule?: string): never {
  throw teikyoError("BAD_USER_INPUT", message, rule ? { problems: [{ rule, message }] } : {});
}

export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,62}$/;
