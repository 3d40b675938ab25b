/** The whole catalog (data items and purposes with their items), cached as reference data. */
import { referenceCacheOf } from "../../cache/reference-cache.js";
import type { Db } from "../../db/client.js";
import type { DataItemFacts, PurposeFacts } from "../../policy/types.js";

export interface CatalogSnapshot {
  items: ReadonlyMap<string, DataItemFacts>;
  purposes: ReadonlyMap<string, PurposeFacts>;
}

async function loadCatalog(db: Db): Promise<CatalogSnapshot> {
  const [items, purposes] = await Promise.all([
    db.dataItem.findMany({ select: { code: true, class: true } }),
    db.purpose.findMany({ select: { code: true, items: { select: { itemCode: true } } } }),
  ]);
  return {
    items: new Map(items.map((i) => [i.code, i])),
    purposes: new Map(purposes.map((p) => [p.code, { code: p.code, items: p.items.map((i) => i.itemCode) }])),
  };
}

export function catalogSnapshot(db: Db): Promise<CatalogSnapshot> {
  return referenceCacheOf(db).get("catalog", () => loadCatalog(db));
}
