/**
 * For provision events, how each one's people were acquired (art. 30(1)(ii)), grouped so a
 * recipient sees "directly from customers" or the source company and its PPC publication,
 * with how many people each covers, never who they are.
 */
import type { Db } from "../../db/client.js";
import { type AcquisitionGroup, groupAcquisitions, type ReceiptFacts } from "../../policy/receipts.js";
import { providerInfo } from "../../provider.js";

export async function acquisitionsByEvent(
  db: Db,
  events: readonly { seq: bigint; at: Date }[],
): Promise<Map<bigint, AcquisitionGroup[]>> {
  if (events.length === 0) return new Map();
  const rows = await db.provisionRecordPerson.findMany({
    // The event times let PostgreSQL read only those months' partitions (decision 0066).
    where: {
      eventSeq: { in: events.map((e) => e.seq) },
      eventAt: { in: [...new Map(events.map((e) => [e.at.getTime(), e.at])).values()] },
    },
    select: { eventSeq: true, personId: true },
  });
  const personIds = [...new Set(rows.map((r) => r.personId))];
  const people = await db.person.findMany({
    where: { id: { in: personIds } },
    select: { id: true, acquisitionMethod: true },
  });
  const method = new Map(people.map((p) => [p.id, p.acquisitionMethod as string]));
  const receiptRows = await db.receiptRecordPerson.findMany({
    where: { personId: { in: personIds } },
    include: { receipt: true },
    orderBy: { receipt: { receivedAt: "asc" } },
  });
  // The latest receipt about a person is how the company holds their data now.
  const receipt = new Map<string, ReceiptFacts>();
  for (const r of receiptRows)
    receipt.set(r.personId, { ...r.receipt, basis: r.receipt.basis as ReceiptFacts["basis"] });
  const byEvent = new Map<bigint, { method: string; receipt: ReceiptFacts | null }[]>();
  for (const r of rows) {
    const list = byEvent.get(r.eventSeq) ?? [];
    list.push({ method: method.get(r.personId) ?? "DIRECT", receipt: receipt.get(r.personId) ?? null });
    byEvent.set(r.eventSeq, list);
  }
  const company = providerInfo();
  return new Map([...byEvent].map(([seq, list]) => [seq, groupAcquisitions(list, company)]));
}
