/**
 * The inclusion rule in database form (person-inclusion-where.ts) and the pure rule
 * (decidePerson) select the same people, for every demo recipient and purpose, on the
 * whole demo population: lists cannot drift from the single-person rule.
 */
import { describe, expect, it } from "vitest";
import { DEMO_RECIPIENTS } from "../../src/demo/recipients.js";
import { NOW, testDb } from "../helpers.js";
import { inclusionBothWays } from "./inclusion-parity.js";

const cases = DEMO_RECIPIENTS.filter((r) => r.legalBasis !== "LEGAL_EXCEPTION").flatMap((r) =>
  Object.entries(r.scopes).map(([purpose, items]) => ({ recipient: r.id, purpose, items })),
);

describe("person inclusion: where form = pure rule", () => {
  it.each(cases)("$recipient for $purpose", async ({ recipient, purpose, items }) => {
    const { byWhere, byRule } = await inclusionBothWays(await testDb(), recipient, purpose, items, NOW);
    expect(byWhere).toEqual(byRule);
    expect(byRule.length).toBeGreaterThan(0);
  });
});
