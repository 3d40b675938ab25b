/**
 * Limits on the legal-exception channel (APPI art. 27(1)(i)-(vii)): staff name the ground
 * and its reference, the people and the items. No consent and no art. 29 record are needed,
 * so these checks are what keeps the channel narrow.
 */
import type { RuleOutcome } from "./outcome.js";

/** House policy: a legal-exception request names at most this many people at once. */
export const MAX_LEGAL_EXCEPTION_PEOPLE = 100;

export interface LegalExceptionDraft {
  reference: string;
  personIds: readonly string[];
  items: readonly string[];
  /** The person data items that exist. */
  knownItems: ReadonlySet<string>;
}

export function checkLegalException(d: LegalExceptionDraft): RuleOutcome[] {
  const problems: RuleOutcome[] = [];
  // APPI art. 27(1)(i)-(vii): the exception rests on a stated order, inquiry or request.
  if (!d.reference.trim())
    problems.push({
      code: "EXCEPTION_REFERENCE_MISSING",
      rule: "APPI art. 27(1)",
      message: "State the reference of the order or inquiry.",
    });
  const people = new Set(d.personIds).size;
  if (people === 0 || people > MAX_LEGAL_EXCEPTION_PEOPLE)
    problems.push({
      code: "EXCEPTION_PEOPLE_OUT_OF_BOUNDS",
      rule: "House policy: legal exceptions name 1 to 100 people",
      message: `Name 1 to ${MAX_LEGAL_EXCEPTION_PEOPLE} people.`,
    });
  // APPI art. 17(1): only catalogued items leave, and at least one.
  const unknown = d.items.filter((i) => !d.knownItems.has(i));
  if (d.items.length === 0 || unknown.length)
    problems.push({
      code: "UNKNOWN_DATA_ITEM",
      rule: "APPI art. 17(1)",
      message:
        d.items.length === 0 ? "Name at least one item." : `Unknown person items: ${unknown.join(", ")}.`,
    });
  return problems;
}
