/**
 * The inclusion rule in database form (person-inclusion-where.ts) and the pure rule
 * (decidePerson) select the same people, for every demo recipient and purpose, on the
 * whole demo population: lists cannot drift from the single-person rule.
 */
import { describe, expect, it } from "vitest";
import type { Prisma } from "../../src/db/client.js";
import { DEMO_RECIPIENTS } from "../../src/demo/recipients.js";
import { PERSON_STATE_SELECT, toPersonState } from "../../src/modules/people/eligible-people.js";
import { inclusionContext } from "../../src/modules/recipients/inclusion-context.js";
import { loadRecipientForRules } from "../../src/modules/recipients/recipient-loader.js";
import { decidePerson } from "../../src/policy/person-inclusion.js";
import { personInclusionWhere } from "../../src/policy/person-inclusion-where.js";
import { decideScope } from "../../src/policy/provision-scope.js";
import { NOW, testDb } from "../helpers.js";

const cases = DEMO_RECIPIENTS.filter((r) => r.legalBasis !== "LEGAL_EXCEPTION").flatMap((r) =>
  Object.entries(r.scopes).map(([purpose, items]) => ({ recipient: r.id, purpose, items })),
);

describe("person inclusion: where form = pure rule", () => {
  it.each(cases)("$recipient for $purpose", async ({ recipient: recipientId, purpose, items }) => {
    const db = await testDb();
    const recipient = await loadRecipientForRules(db, recipientId);
    if (!recipient) throw new Error("demo recipient missing");
    const catalog = new Map(
      (await db.dataItem.findMany({ select: { code: true, class: true } })).map((i) => [i.code, i]),
    );
    const purposeRow = await db.purpose.findUniqueOrThrow({
      where: { code: purpose },
      include: { items: true },
    });
    const scope = decideScope({
      recipient: recipient.facts,
      purposeCode: purpose,
      purpose: { code: purpose, items: purposeRow.items.map((i) => i.itemCode) },
      catalog,
      requested: items.map((item) => ({ path: item, item })),
      now: NOW,
      ...recipient.context,
    });
    expect(scope.allowed).toBe(true);
    if (!scope.allowed) return;
    const ctx = inclusionContext(
      recipient.facts,
      recipient.context,
      { ...scope, purposeCode: purpose },
      new Map([...catalog].map(([c, i]) => [c, i.class])),
      NOW,
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
    const byRule = everyone.filter((p) => decidePerson(toPersonState(p), ctx).included);
    expect(byWhere.map((p) => p.id)).toEqual(byRule.map((p) => p.id));
    expect(byRule.length).toBeGreaterThan(0);
  });
});
