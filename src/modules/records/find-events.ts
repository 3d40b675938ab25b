/**
 * Provision events by filter, oldest first, shared by the GraphQL query, the export and
 * disclosure. For one person the lookup starts from that person's rows (index personId,
 * eventSeq), so its cost follows the person's records, not the table's: a correlated
 * "some person" filter made SQLite scan every event.
 */
import type { Db } from "../../db/client.js";
import { type RecordFilter, recordsWhere } from "./records-filter.js";

export interface PageOptions {
  afterSeq?: bigint;
  take?: number;
}

export async function findProvisionEvents(
  db: Db,
  filter: RecordFilter,
  { afterSeq = 0n, take }: PageOptions = {},
) {
  if (!filter.personId) {
    return db.provisionEvent.findMany({
      where: recordsWhere(filter, afterSeq),
      orderBy: { seq: "asc" },
      take,
      include: { people: { orderBy: { personId: "asc" } } },
    });
  }
  const { personId: _person, from, to, ...rest } = filter;
  const narrowed = Object.values(rest).some((v) => v !== null && v !== undefined);
  const rows = await db.provisionRecordPerson.findMany({
    where: {
      personId: filter.personId,
      eventSeq: { gt: afterSeq },
      // The copied event time bounds the person's rows directly (and prunes months).
      ...(from || to ? { eventAt: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
      ...(narrowed ? { event: recordsWhere(rest, afterSeq) } : {}),
    },
    orderBy: { eventSeq: "asc" },
    take,
  });
  const events = await eventsOf(db, rows);
  // Each event lists only this person, as a disclosure to them must.
  return rows.map((person) => {
    const event = events.get(person.eventSeq);
    // The people's event check (a foreign key on SQLite, a trigger on PostgreSQL, 0093) makes
    // this impossible; fail closed rather than show a partial record.
    if (!event) throw new Error(`Provision event ${person.eventSeq} of a person's record is missing.`);
    return { ...event, people: [person] };
  });
}

/**
 * The events of a person's rows, looked up by (seq, at): on PostgreSQL the time lets each
 * lookup touch only its month's partition instead of probing every month for the seq.
 */
async function eventsOf(db: Db, rows: readonly { eventSeq: bigint; eventAt: Date }[]) {
  const events = new Map<bigint, Awaited<ReturnType<typeof db.provisionEvent.findMany>>[number]>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const found = await db.provisionEvent.findMany({
      where: {
        seq: { in: chunk.map((r) => r.eventSeq) },
        at: { in: [...new Map(chunk.map((r) => [r.eventAt.getTime(), r.eventAt])).values()] },
      },
    });
    for (const event of found) events.set(event.seq, event);
  }
  return events;
}

/** Bound values per lookup, well under every database's limit on parameters. */
const CHUNK = 400;
