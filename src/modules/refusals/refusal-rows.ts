/**
 * The refusal log's rows from the PROVISION_DENIED errors a partner was sent: what the
 * answer refused, so nothing refused goes unlogged whichever check refused it. Only what
 * Teikyo itself names is kept: reason codes, the article, catalog codes and schema
 * coordinates. A purpose outside the catalog (it may come from a variable) and the
 * partner's aliases are dropped.
 */

export interface RefusalRow {
  reason: string;
  rule: string;
  purposeCode: string | null;
  field: string | null;
  dataItem: string | null;
}

export interface KnownCodes {
  purposes: ReadonlySet<string>;
  items: ReadonlySet<string>;
  /** Root fields that provide people (people, person), named in argument coordinates. */
  provisionFields: ReadonlySet<string>;
}

/** Rows per request at most: the query limits keep real operations far below it. */
export const MAX_ROWS_PER_REQUEST = 100;

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
// "people.edges.node.mail (Person.email)": the coordinate in parentheses, not the alias path.
const SELECTION = / \(([A-Za-z_]\w*\.[A-Za-z_]\w*)\)$/;
// "people(filter.postalCode)": an argument of a root field (or of its alias).
const ARGUMENT = /^([A-Za-z_]\w*)\(([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\)$/;

const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A schema coordinate for a denied field's path; null when the path has neither form. */
export function fieldCoordinate(path: string | null, provisionFields: ReadonlySet<string>): string | null {
  if (!path) return null;
  const selection = SELECTION.exec(path);
  if (selection) return selection[1] ?? null;
  const argument = ARGUMENT.exec(path);
  if (!argument) return null;
  const [, key = "", arg = ""] = argument;
  return provisionFields.has(key) ? `Query.${key}(${arg})` : `Query(${arg})`;
}

export function refusalRows(
  errors: readonly { extensions?: Record<string, unknown> }[],
  known: KnownCodes,
): RefusalRow[] {
  const rows = new Map<string, RefusalRow>();
  for (const error of errors) {
    const ext = error.extensions ?? {};
    if (ext.code !== "PROVISION_DENIED") continue;
    const reason = text(ext.reason);
    const rule = text(ext.rule);
    if (!reason || !CODE.test(reason) || !rule) continue;
    const purpose = text(ext.purpose);
    const item = text(ext.dataItem);
    const row: RefusalRow = {
      reason,
      rule: rule.slice(0, 120),
      purposeCode: purpose && known.purposes.has(purpose) ? purpose : null,
      field: fieldCoordinate(text(ext.field), known.provisionFields),
      dataItem: item && known.items.has(item) ? item : null,
    };
    // The same field asked twice under two aliases is one refusal.
    const key = JSON.stringify(row);
    if (!rows.has(key) && rows.size < MAX_ROWS_PER_REQUEST) rows.set(key, row);
  }
  return [...rows.values()];
}
