/**
 * What a recipient can actually ask for, per purpose: each scoped item is tried on its own
 * through decideScope (with the items it cannot be asked without, e.g. an order's category
 * needs the order history), so scope discovery never promises an item every query for it
 * would be refused (notices, item classes, foreign routes, My Number, Q&A 7-42).
 */
import { decideScope, type ScopeInput } from "./provision-scope.js";

export type AskableInput = Omit<ScopeInput, "purposeCode" | "purpose" | "requested"> & {
  purposes: ReadonlyMap<string, ScopeInput["purpose"] & object>;
  /** Items that can only be asked together with others (order fields need order_history). */
  prerequisites: ReadonlyMap<string, readonly string[]>;
};

export function askableScopes(input: AskableInput): { purpose: string; items: string[] }[] {
  const scopes: { purpose: string; items: string[] }[] = [];
  for (const [purposeCode, scoped] of input.recipient.items) {
    const purpose = input.purposes.get(purposeCode) ?? null;
    const items = [...scoped]
      .filter((item) => {
        const together = [...(input.prerequisites.get(item) ?? []), item];
        return decideScope({
          ...input,
          purposeCode,
          purpose,
          requested: together.map((i) => ({ path: i, item: i })),
        }).allowed;
      })
      .sort();
    if (items.length) scopes.push({ purpose: purposeCode, items });
  }
  return scopes.sort((a, b) => a.purpose.localeCompare(b.purpose));
}
