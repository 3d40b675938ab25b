/** The InclusionContext for decidePerson, from an allowed scope decision and the recipient. */
import type { InclusionContext } from "../../policy/person-inclusion.js";
import type { PersonRule } from "../../policy/provision-scope.js";
import type { RecipientFacts } from "../../policy/types.js";
import type { CatalogAt } from "../catalog/catalog-snapshot.js";
import { hasBatchPledge, type RecipientContext } from "./recipient-context.js";

export function inclusionContext(
  recipient: RecipientFacts,
  context: RecipientContext,
  scope: { purposeCode: string; items: ReadonlySet<string>; personRule: PersonRule },
  catalog: Pick<CatalogAt, "classes" | "allItemsCoverage">,
  now: Date,
): InclusionContext {
  return {
    recipient,
    purposeCode: scope.purposeCode,
    items: scope.items,
    classes: catalog.classes,
    allItemsCoverage: catalog.allItemsCoverage,
    rule: scope.personRule,
    foreignStatements: context.foreignStatements,
    batchReferablePledge: hasBatchPledge(context, now),
    now,
  };
}
