/**
 * Appends provision events to the hash chain in one transaction. Locking the chain head
 * row (an UPDATE) serializes writers on PostgreSQL; SQLite serializes writes anyway.
 * People rows go in with one createMany per event, never a query per person.
 */
import type { Db } from "../../db/client.js";
import type { ProvisionDraft } from "./provision-draft.js";
import { keepUntil } from "../../policy/retention.js";
import { eventHash } from "./record-hash.js";

export async function writeProvisions(db: Db, drafts: ProvisionDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  await db.$transaction(async (tx) => {
    let head = await tx.provisionChainHead.update({ where: { id: 1 }, data: { lastSeq: { increment: 0 } } });
    for (const draft of drafts) {
      const hash = eventHash(head.lastHash, { event: draft.event, people: draft.people });
      const event = await tx.provisionEvent.create({
        data: {
          ...draft.event,
          recipientSnapshot: draft.event.recipientSnapshot as object,
          prevHash: head.lastHash,
          hash,
        },
        select: { seq: true },
      });
      await tx.provisionRecordPerson.createMany({
        data: draft.people.map((p) => ({
          eventSeq: event.seq,
          personId: p.personId,
          items: p.items,
          consentId: p.consentId,
        })),
      });
      head = await tx.provisionChainHead.update({
        where: { id: 1 },
        data: { lastSeq: event.seq, lastHash: hash },
      });
      if (draft.bulk) await updateBulkRecords(tx as unknown as Db, draft);
    }
  });
}

/**
 * R19(2) bulk records: one row per recipient, purpose, ground and person, extended to the
 * latest provision (3 years' retention from then, R21). Two queries for the common case
 * (create the new people, move the last date of the known ones); an item set that grew is
 * updated row by row.
 */
async function updateBulkRecords(tx: Db, draft: ProvisionDraft): Promise<void> {
  const { recipientId, purposeCode, ground, at } = draft.event;
  const keep = keepUntil({ kind: "BULK", lastProvisionAt: at });
  const key = { recipientId, purposeCode, ground };
  const existing = await tx.bulkProvisionRecord.findMany({
    where: { ...key, personId: { in: draft.people.map((p) => p.personId) } },
    select: { id: true, personId: true, items: true },
  });
  const known = new Map(existing.map((e) => [e.personId, e]));
  await tx.bulkProvisionRecord.createMany({
    data: draft.people
      .filter((p) => !known.has(p.personId))
      .map((p) => ({
        ...key,
        personId: p.personId,
        items: p.items,
        firstProvidedAt: at,
        lastProvidedAt: at,
        keepUntil: keep,
      })),
  });
  await tx.bulkProvisionRecord.updateMany({
    where: { id: { in: existing.map((e) => e.id) } },
    data: { lastProvidedAt: at, keepUntil: keep },
  });
  for (const p of draft.people) {
    const row = known.get(p.personId);
    const had = new Set((row?.items as string[] | undefined) ?? []);
    if (row && p.items.some((i) => !had.has(i))) {
      await tx.bulkProvisionRecord.update({
        where: { id: row.id },
        data: { items: [...new Set([...had, ...p.items])].sort() },
      });
    }
  }
}
