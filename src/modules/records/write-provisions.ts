/**
 * Appends provision events to the hash chain in one transaction. Locking the chain head
 * row (an UPDATE) serializes writers on PostgreSQL; SQLite serializes writes anyway.
 * People rows go in with one createMany per event, never a query per person.
 */
import type { Db } from "../../db/client.js";
import type { ProvisionDraft } from "./provision-draft.js";
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
    }
  });
}
