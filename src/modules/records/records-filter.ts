/** The provision-record filter shared by the GraphQL query, the export endpoint and the CLI. */
import type { Prisma } from "../../db/client.js";

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

/** Reads a filter from URL search params or CLI flags; throws a clear message on bad dates. */
export function parseRecordFilter(get: (name: string) => string | null | undefined): RecordFilter {
  const date = (name: string) => {
    const v = get(name);
    if (!v) return null;
    const d = new Date(v);
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
  return {
    personId: text("person"),
    recipientId: text("recipient"),
    purpose: text("purpose"),
    ground: text("ground"),
    from: date("from"),
    to: date("to"),
  };
}
