/**
 * Rules for changes to purposes and recipient scopes made by admins, so that the catalog
 * can never hold a scope the law would not allow.
 */
import type { RuleOutcome } from "./outcome.js";
import { basisArticle } from "./provision-scope.js";
import type { DataItemClass, LegalBasis } from "./types.js";

/** A change staff asked for that the rules refuse; the same outcome shape as every rule. */
export type ChangeProblem = RuleOutcome;

// APPI art. 17(1): a purpose of use must be specific, so it names the items it uses.
export function checkPurposeItems(
  purposeCode: string,
  items: readonly string[],
  knownItems: ReadonlySet<string>,
): ChangeProblem[] {
  const problems: ChangeProblem[] = [];
  if (items.length === 0) {
    problems.push({
      code: "PURPOSE_WITHOUT_ITEMS",
      rule: "APPI art. 17(1)",
      message: `Purpose "${purposeCode}" must name at least one data item.`,
    });
  }
  for (const item of items) {
    if (!knownItems.has(item)) {
      problems.push({
        code: "UNKNOWN_DATA_ITEM",
        rule: "APPI art. 17(1)",
        message: `Data item "${item}" does not exist.`,
      });
    }
  }
  return problems;
}

export interface ScopeChange {
  basis: LegalBasis;
  /** The purposes the recipient's contract or notice covers. */
  contractPurposes: readonly string[];
  purposeCode: string;
  /** Items of the purpose as announced, or null if the purpose does not exist. */
  purposeItems: readonly string[] | null;
  items: readonly string[];
  knownItems: ReadonlySet<string>;
  /** Item classes, to keep individual numbers to My Number entrustees. */
  classes?: ReadonlyMap<string, DataItemClass>;
  /** The recipient is an entrustee flagged for My Number tasks. */
  myNumberTasks?: boolean;
}

// APPI art. 18(1) and 27(5): a recipient's scope stays within the purpose and its contract.
export function checkRecipientScope(change: ScopeChange): ChangeProblem[] {
  const problems: ChangeProblem[] = [];
  if (change.purposeItems === null) {
    return [
      {
        code: "UNKNOWN_PURPOSE",
        rule: "APPI art. 17(1)",
        message: `Purpose "${change.purposeCode}" does not exist.`,
      },
    ];
  }
  if (!change.contractPurposes.includes(change.purposeCode)) {
    problems.push({
      code: "PURPOSE_NOT_PERMITTED",
      rule: basisArticle(change.basis),
      message: `Purpose "${change.purposeCode}" is outside the recipient's contract or notice (covers: ${change.contractPurposes.join(", ") || "none"}).`,
    });
  }
  for (const item of change.items) {
    if (!change.knownItems.has(item)) {
      problems.push({
        code: "UNKNOWN_DATA_ITEM",
        rule: "APPI art. 17(1)",
        message: `Data item "${item}" does not exist.`,
      });
    } else if (!change.purposeItems.includes(item)) {
      problems.push({
        code: "ITEM_OUTSIDE_PURPOSE",
        rule: "APPI art. 18(1)",
        message: `Data item "${item}" is not used by purpose "${change.purposeCode}".`,
      });
    } else if (
      change.classes?.get(item) === "MY_NUMBER" &&
      !(change.basis === "ENTRUSTEE" && change.myNumberTasks === true)
    ) {
      // My Number Act art. 19-20: individual numbers go only to an entrustee doing My Number tasks.
      problems.push({
        code: "MY_NUMBER_NOT_ALLOWED",
        rule: "My Number Act art. 19-20",
        message: `Data item "${item}" is an individual number: only an entrustee flagged for My Number tasks may have it in scope.`,
      });
    }
  }
  return problems;
}
