/**
 * A person's state as decidePerson reads it, through Prisma: for the paths off the partner
 * page (a person's own privacy state, statistics, the parity test's independent reading).
 * The partner page reads the same state in its own statement (people.sql.ts).
 */
import type { Prisma } from "../../db/client.js";
import type { PersonState } from "../../policy/person-inclusion.js";

export const PERSON_STATE_SELECT = {
  acquisitionMethod: true,
  consents: {
    select: {
      id: true,
      recipientId: true,
      recipientGroup: true,
      purposeCode: true,
      purposeVersionId: true,
      allItems: true,
      foreignStatementId: true,
      givenAt: true,
      withdrawnAt: true,
      items: { select: { itemCode: true } },
    },
  },
  optOutRequests: { select: { recipientId: true, receivedAt: true, withdrawnAt: true } },
  suspensionRequests: {
    select: {
      scope: true,
      recipientId: true,
      purposeCode: true,
      ground: true,
      receivedAt: true,
      liftedAt: true,
    },
  },
  referablePledges: { select: { recipientId: true, confirmedAt: true, withdrawnAt: true } },
} satisfies Prisma.PersonSelect;

type StateRow = Prisma.PersonGetPayload<{ select: typeof PERSON_STATE_SELECT }> & { id: string };

export function toPersonState(
  row: Partial<StateRow> & Pick<StateRow, "id" | "acquisitionMethod">,
): PersonState {
  return {
    id: row.id,
    acquisitionMethod: row.acquisitionMethod,
    consents: (row.consents ?? []).map(({ items, ...c }) => ({ ...c, items: items.map((i) => i.itemCode) })),
    optOutRequests: row.optOutRequests ?? [],
    suspensions: row.suspensionRequests ?? [],
    referablePledges: row.referablePledges ?? [],
  };
}
