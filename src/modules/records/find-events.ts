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
  const { personId: _person, ...rest } = filter;
  const narrowed = Object.values(rest).some((v) => v !== null && v !== undefined);
  const rows = await db.provisionRecordPerson.findMany({
    where: {
      personId: filter.personId,
      eventSeq: { gt: afterSeq },
      ...(narrowed ? { event: recordsWhere(rest, afterSeq) } : {}),
    },
    orderBy: { eventSeq: "asc" },
    take,
    include: { event: true },
  });
  // Each event lists only this person, as a disclosure to them must.
  return rows.map(({ event, ...person }) => ({ ...event, people: [person] }));
}
