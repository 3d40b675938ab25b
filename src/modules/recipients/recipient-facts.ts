/** Maps a stored recipient with its purposes and items to the facts the legal rules take. */
import type { RecipientFacts } from "../../policy/types.js";

export interface StoredRecipient {
  id: string;
  name: string;
  legalBasis: RecipientFacts["legalBasis"];
  country: string;
  foreignRoute: RecipientFacts["foreignRoute"];
  activeFrom: Date;
  activeUntil: Date | null;
  groupCode: string | null;
  linksReferableData: boolean;
  bulkRecording: boolean;
  myNumberTasks: boolean;
  purposes: { purposeCode: string }[];
  items: { purposeCode: string; itemCode: string }[];
}

export const RECIPIENT_FACTS_INCLUDE = {
  purposes: { select: { purposeCode: true } },
  items: { select: { purposeCode: true, itemCode: true } },
} as const;

export function toRecipientFacts(r: StoredRecipient): RecipientFacts {
  const items = new Map<string, Set<string>>();
  for (const { purposeCode, itemCode } of r.items) {
    const set = items.get(purposeCode);
    if (set) set.add(itemCode);
    else items.set(purposeCode, new Set([itemCode]));
  }
  return {
    id: r.id,
    name: r.name,
    legalBasis: r.legalBasis,
    country: r.country,
    foreignRoute: r.foreignRoute,
    activeFrom: r.activeFrom,
    activeUntil: r.activeUntil,
    groupCode: r.groupCode,
    linksReferableData: r.linksReferableData,
    bulkRecording: r.bulkRecording,
    myNumberTasks: r.myNumberTasks,
    purposes: r.purposes.map((p) => p.purposeCode),
    items,
  };
}
