/**
 * The catalog as versions (item classes, purposes with their items), cached as reference
 * data, and the catalog in force at a moment (catalogAt): decisions use the versions in
 * force at the request's `now`, so a version announced for a later date changes nothing
 * until then.
 */
import { referenceCacheOf } from "../../cache/reference-cache.js";
import type { Db } from "../../db/client.js";
import type { DataItemClass, DataItemFacts, PurposeFacts } from "../../policy/types.js";
import { type Effective, versionInForce } from "../../policy/versions.js";

export interface ClassVersion extends Effective {
  id: string;
  version: number;
  class: DataItemClass;
}

export interface PurposeVersionRow extends Effective {
  id: string;
  purposeCode: string;
  version: number;
  description: string;
  descriptionJa: string;
  changeNote: string;
  items: { itemCode: string; itemClass: DataItemClass }[];
}

export interface CatalogVersions {
  labels: ReadonlyMap<string, { label: string; labelJa: string }>;
  classVersions: ReadonlyMap<string, readonly ClassVersion[]>;
  purposeVersions: ReadonlyMap<string, readonly PurposeVersionRow[]>;
}

/** The catalog in force at one moment. */
export interface CatalogAt {
  items: ReadonlyMap<string, DataItemFacts>;
  classes: ReadonlyMap<string, DataItemClass>;
  purposes: ReadonlyMap<string, PurposeFacts>;
  /**
   * Per purpose version, the items an `allItems` consent given on it covers: its items that
   * were ordinary or referable when it was published (art. 27(1): what the person was told).
   */
  allItemsCoverage: ReadonlyMap<string, ReadonlySet<string>>;
}

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return map;
}

export const PURPOSE_VERSION_SELECT = {
  id: true,
  purposeCode: true,
  version: true,
  description: true,
  descriptionJa: true,
  changeNote: true,
  announcedAt: true,
  effectiveFrom: true,
  effectiveUntil: true,
  items: { select: { itemCode: true, itemClass: true }, orderBy: { itemCode: "asc" } },
} as const;

export async function loadCatalogVersions(
  db: Pick<Db, "dataItem" | "dataItemClassVersion" | "purposeVersion">,
) {
  const [items, classes, purposes] = await Promise.all([
    db.dataItem.findMany({ select: { code: true, label: true, labelJa: true } }),
    db.dataItemClassVersion.findMany({ orderBy: { version: "asc" } }),
    db.purposeVersion.findMany({ select: PURPOSE_VERSION_SELECT, orderBy: { version: "asc" } }),
  ]);
  return {
    labels: new Map(items.map((i) => [i.code, { label: i.label, labelJa: i.labelJa }])),
    classVersions: group(classes, (c) => c.itemCode),
    purposeVersions: group(purposes, (p) => p.purposeCode),
  } satisfies CatalogVersions;
}

export function catalogVersions(db: Db): Promise<CatalogVersions> {
  return referenceCacheOf(db).get("catalog", () => loadCatalogVersions(db));
}

const ORDINARY: ReadonlySet<DataItemClass> = new Set(["ORDINARY", "PERSONALLY_REFERABLE"]);

/** Pure: the catalog in force at `now`. An item with no class in force is unknown (fail closed). */
export function catalogAt(versions: CatalogVersions, now: Date): CatalogAt {
  const items = new Map<string, DataItemFacts>();
  for (const [code, list] of versions.classVersions) {
    const v = versionInForce(list, now);
    if (v) items.set(code, { code, class: v.class });
  }
  const purposes = new Map<string, PurposeFacts>();
  for (const [code, list] of versions.purposeVersions) {
    const v = versionInForce(list, now);
    if (v) purposes.set(code, { code, versionId: v.id, items: v.items.map((i) => i.itemCode) });
  }
  return {
    items,
    classes: new Map([...items].map(([c, i]) => [c, i.class])),
    purposes,
    allItemsCoverage: allItemsCoverageOf(versions),
  };
}

const coverages = new WeakMap<CatalogVersions, Map<string, ReadonlySet<string>>>();

/**
 * Per purpose version, the items an all-items consent to it covers. It does not depend on
 * the moment, so it is made once per set of versions (they are cached), not per request.
 */
function allItemsCoverageOf(versions: CatalogVersions): Map<string, ReadonlySet<string>> {
  let coverage = coverages.get(versions);
  if (!coverage) {
    coverage = new Map();
    for (const list of versions.purposeVersions.values())
      for (const pv of list)
        coverage.set(
          pv.id,
          new Set(pv.items.filter((i) => ORDINARY.has(i.itemClass)).map((i) => i.itemCode)),
        );
    coverages.set(versions, coverage);
  }
  return coverage;
}

/** A catalog in force, and the span [from, until) of instants at which the same versions are in force. */
interface CatalogSpan {
  from: number;
  until: number;
  catalog: CatalogAt;
}
const spans = new WeakMap<CatalogVersions, CatalogSpan>();

/**
 * Which versions are in force changes only at a version's announcement, start or end
 * (versionInForce): between two such instants every request gets the same catalog, so it
 * is made once per span of a set of versions, not per request.
 */
export function catalogInForce(versions: CatalogVersions, now: Date): CatalogAt {
  const t = now.getTime();
  const span = spans.get(versions);
  if (span && span.from <= t && t < span.until) return span.catalog;
  let from = -Infinity;
  let until = Infinity;
  for (const list of [...versions.classVersions.values(), ...versions.purposeVersions.values()])
    for (const v of list)
      for (const at of [v.announcedAt, v.effectiveFrom, v.effectiveUntil]) {
        const b = at?.getTime();
        if (b === undefined) continue;
        if (b <= t) from = Math.max(from, b);
        else until = Math.min(until, b);
      }
  const catalog = catalogAt(versions, now);
  spans.set(versions, { from, until, catalog });
  return catalog;
}

/** The catalog in force at `now`, from the cached versions. */
export async function catalogSnapshot(db: Db, now: Date): Promise<CatalogAt> {
  return catalogInForce(await catalogVersions(db), now);
}

/**
 * The items of a purpose's versions in force at `now` or announced to follow (a scope can
 * be prepared for a scheduled version; decisions still wait for it). Null: no such purpose.
 */
export async function purposeItemsFrom(
  db: Pick<Db, "purposeVersion">,
  code: string,
  now: Date,
): Promise<string[] | null> {
  const versions = await db.purposeVersion.findMany({
    where: { purposeCode: code, OR: [{ effectiveUntil: null }, { effectiveUntil: { gt: now } }] },
    select: { items: { select: { itemCode: true } } },
  });
  if (versions.length === 0) return null;
  return [...new Set(versions.flatMap((v) => v.items.map((i) => i.itemCode)))];
}
