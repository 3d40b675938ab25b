/**
 * Who the inclusion rule selects in its database form (personInclusionWhere) and who the
 * pure rule (decidePerson) includes, over the whole population, for one recipient, purpose
 * and item set, with the catalog and notices in force at `now`.
 */
import type { Db, Prisma } from "../../src/db/client.js";
import { catalogSnapshot } from "../../src/modules/catalog/catalog-snapshot.js";
import { PERSON_STATE_SELECT, toPersonState } from "../../src/modules/people/eligible-people.js";
import { inclusionContext } from "../../src/modules/recipients/inclusion-context.js";
import { noticesAt } from "../../src/modules/recipients/recipient-context.js";
import { loadRecipientForRules } from "../../src/modules/recipients/recipient-loader.js";
import { decidePerson } from "../../src/policy/person-inclusion.js";
import { personInclusionWhere } from "../../src/policy/person-inclusion-where.js";
import { decideScope } from "../../src/policy/provision-scope.js";

export async function inclusionBothWays(
  db: Db,
  recipientId: string,
  purpose: string,
  items: readonly string[],
  now: Date,
): Promise<{ byWhere: string[]; byRule: string[] }> {
  const recipient = await loadRecipientForRules(db, recipientId);
  if (!recipient) throw new Error(`recipient ${recipientId} missing`);
  const catalog = await catalogSnapshot(db, now);
  const scope = decideScope({
    recipient: recipient.facts,
    purposeCode: purpose,
    purpose: catalog.purposes.get(purpose) ?? null,
    catalog: catalog.items,
    requested: items.map((item) => ({ path: item, item })),
    now,
    ...noticesAt(recipient.context, now),
  });
  if (!scope.allowed) throw new Error(`scope refused: ${scope.denials.map((d) => d.message).join(" ")}`);
  const ctx = inclusionContext(
    recipient.facts,
    recipient.context,
    { ...scope, purposeCode: purpose },
    catalog,
    now,
  );
  const byWhere = await db.person.findMany({
    where: personInclusionWhere(ctx) as Prisma.PersonWhereInput,
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const everyone = await db.person.findMany({
    select: { id: true, ...PERSON_STATE_SELECT },
    orderBy: { id: "asc" },
  });
  return {
    byWhere: byWhere.map((p) => p.id),
    byRule: everyone.filter((p) => decidePerson(toPersonState(p), ctx).included).map((p) => p.id),
  };
}
