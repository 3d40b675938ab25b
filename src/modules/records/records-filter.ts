/** The provision-record filter shared by the GraphQL query, the export endpoint and the CLI. */
import type { Prisma } from "../../db/client.js";
import type { ProvisionGround } from "../../policy/types.js";

export interface RecordFilter {
  personId?: string | null;
  recipientId?: string | null;
  purpose?: string | null;
  ground?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export function recordsWhere(f: RecordFilter, afterSeq = 0n): Prisma.ProvisionEventWhereInput {
  return {
    seq: { gt: afterSeq },
    ...(f.recipientId ? { recipientId: f.recipientId } : {}),
    ...(f.purpose ? { purposeCode: f.purpose } : {}),
    ...(f.ground ? { ground: f.ground } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.personId ? { people: { some: { personId: f.personId } } } : {}),
  };
}

/** Every ground a provision record can state (policy/types.ts ProvisionGround). */
export const PROVISION_GROUNDS = [
  "ENTRUSTMENT",
  "JOINT_USE",
  "SUCCESSION",
  "CONSENT",
  "FOREIGN_CONSENT",
  "OPT_OUT",
  "LEGAL_EXCEPTION",
] as const satisfies readonly ProvisionGround[];

/** A date or a time without an offset is Japan time (JST); an explicit offset is kept. */
function japanTime(v: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00+09:00`;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(v)) return `${v}+09:00`;
  return v;
}

/**
 * Reads a filter from URL search params or CLI flags; throws a clear message on bad dates
 * or an unknown ground (a typo would otherwise give an empty export that looks complete).
 */
export function parseRecordFilter(get: (name: string) => string | null | undefined): RecordFilter {
  const date = (name: string) => {
    const v = get(name);
    if (!v) return null;
    const d = new Date(japanTime(v));
    if (Number.isNaN(d.getTime()))
      throw new RangeError(`"${name}" must be an ISO 8601 date; got ${JSON.stringify(v)}.`);
    return d;
  };
  const text = (name: string) => {
    const v = get(name);
    // PostgreSQL text cannot hold U+0000: the query would fail midway through the export.
    if (v?.includes("\u0000")) throw new RangeError(`"${name}" must not contain the NUL character (U+0000).`);
    return v || null;
  };
  const ground = text("ground");
  if (ground && !(PROVISION_GROUNDS as readonly string[]).includes(ground))
    throw new RangeError(
      `"ground" must be one of ${PROVISION_GROUNDS.join(", ")}; got ${JSON.stringify(ground)}.`,
    );
  return {
    personId: text("person"),
    recipientId: text("recipient"),
    purpose: text("purpose"),
    ground,
    from: date("from"),
    to: date("to"),
  };
}
