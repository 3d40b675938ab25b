/**
 * Who the inclusion rule selects in its SQL form (personInclusionSql, through the partner
 * page's own statement) and who the pure rule (decidePerson) includes, over the whole
 * population, for one recipient, purpose and item set, with the catalog and notices in force
 * at `now`. The pure rule reads each person's state through Prisma, independently of the SQL.
 */
import type { Db } from "../../src/db/client.js";
import { sqlDriverOf } from "../../src/db/sql-driver.js";
import { catalogSnapshot } from "../../src/modules/catalog/catalog-snapshot.js";
import { PERSON_STATE_SELECT, toPersonState } from "../../src/modules/people/person-state.js";
import { stateOf } from "../../src/modules/provision/eligible-people.js";
import { peoplePageStatement } from "../../src/modules/people/people.sql.js";
import { inclusionContext } from "../../src/modules/recipients/inclusion-context.js";
import { noticesAt } from "../../src/modules/recipients/recipient-context.js";
import { loadRecipientForRules } from "../../src/modules/recipients/recipient-loader.js";
import { decidePerson, type InclusionContext, type PersonState } from "../../src/policy/person-inclusion.js";
import { decideScope } from "../../src/policy/provision-scope.js";

/** The inclusion context a partner's page is read with: its scope decided at `now` (it must be allowed). */
export async function inclusionContextAt(
  db: Db,
  recipientId: string,
  purpose: string,
  items: readonly string[],
  now: Date,
): Promise<InclusionContext> {
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
  return inclusionContext(
    recipient.facts,
    recipient.context,
    { ...scope, purposeCode: purpose },
    catalog,
    now,
  );
}

export async function inclusionBothWays(
  db: Db,
  recipientId: string,
  purpose: string,
  items: readonly string[],
  now: Date,
): Promise<{
  bySql: string[];
  byRule: string[];
  recheck: Map<string, string | null>;
  byRuleConsents: Map<string, string | null>;
}> {
  const ctx = await inclusionContextAt(db, recipientId, purpose, items, now);
  const driver = sqlDriverOf(db);
  const bySql = await driver.all(peoplePageStatement(driver.provider, ctx, {}, 1_000_000));
  const everyone = await db.person.findMany({
    select: { id: true, ...PERSON_STATE_SELECT },
    orderBy: { id: "asc" },
  });
  const decided = (state: PersonState) => {
    const inclusion = decidePerson(state, ctx);
    return inclusion.included ? [[state.id, inclusion.consentId] as const] : [];
  };
  return {
    bySql: bySql.map((p) => String(p.id)),
    byRule: everyone.filter((p) => decidePerson(toPersonState(p), ctx).included).map((p) => p.id),
    // The pure rule on the state the page statement read: the re-check each row gets.
    recheck: new Map(bySql.flatMap((row) => decided(stateOf(row)))),
    byRuleConsents: new Map(everyone.flatMap((p) => decided(toPersonState(p)))),
  };
}
