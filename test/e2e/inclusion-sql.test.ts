/**
 * The inclusion rule in SQL form (person-inclusion-sql.ts) and the pure rule
 * (decidePerson) select the same people, for every demo recipient and purpose, on the
 * whole demo population: lists cannot drift from the single-person rule. And the state the
 * page statement reads for each person is the state Prisma reads: the re-check sees the truth.
 */
import { describe, expect, it } from "vitest";
import { DEMO_RECIPIENTS } from "../../src/demo/recipients.js";
import { NOW, testDb } from "../helpers.js";
import { inclusionBothWays } from "./inclusion-parity.js";

const cases = DEMO_RECIPIENTS.filter((r) => r.legalBasis !== "LEGAL_EXCEPTION").flatMap((r) =>
  Object.entries(r.scopes).map(([purpose, items]) => ({ recipient: r.id, purpose, items })),
);

describe("person inclusion: SQL form = pure rule", () => {
  it.each(cases)("$recipient for $purpose", async ({ recipient, purpose, items }) => {
    const both = await inclusionBothWays(await testDb(), recipient, purpose, items, NOW);
    expect(both.bySql).toEqual(both.byRule);
    expect(both.byRule.length).toBeGreaterThan(0);
    // The state the statement reads gives the re-check the same answer, on the same consent.
    expect(both.recheck).toEqual(both.byRuleConsents);
  });
});
