/** Loads a recipient's facts and context for the legal rules (compliance queries). */
import type { Db } from "../../db/client.js";
import { RECIPIENT_CONTEXT_INCLUDE, toRecipientContext } from "./recipient-context.js";
import { RECIPIENT_FACTS_INCLUDE, toRecipientFacts } from "./recipient-facts.js";

export async function loadRecipientForRules(db: Db, id: string) {
  const r = await db.recipient.findUnique({
    where: { id },
    include: { ...RECIPIENT_FACTS_INCLUDE, ...RECIPIENT_CONTEXT_INCLUDE },
  });
  if (!r) return null;
  return { facts: toRecipientFacts(r), context: toRecipientContext(r, await loadBatchPledges(db, id)) };
}

/** A recipient's batch art. 31 pledges (those naming no person). */
export function loadBatchPledges(db: Pick<Db, "referablePledge">, recipientId: string) {
  return db.referablePledge.findMany({
    where: { recipientId, personId: null },
    select: { confirmedAt: true, withdrawnAt: true },
  });
}
