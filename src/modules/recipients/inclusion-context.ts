/** The InclusionContext for decidePerson, from an allowed scope decision and the recipient. */
import type { InclusionContext } from "../../policy/person-inclusion.js";
import type { PersonRule } from "../../policy/provision-scope.js";
import type { DataItemClass, RecipientFacts } from "../../policy/types.js";
import { hasBatchPledge, type RecipientContext } from "./recipient-context.js";

export function inclusionContext(
  recipient: RecipientFacts,
  context: RecipientContext,
  scope: { purposeCode: string; items: ReadonlySet<string>; personRule: PersonRule },
  classes: ReadonlyMap<string, DataItemClass>,
  now: Date,
): InclusionContext {
  return {
    recipient,
    purposeCode: scope.purposeCode,
    items: scope.items,
    classes,
    rule: scope.personRule,
    foreignStatements: context.foreignStatements,
    batchReferablePledge: hasBatchPledge(context, now),
    now,
  };
}
