/** Changes admins make to purposes and recipient scopes (APPI art. 17-18, 27(5)). */
import { describe, expect, it } from "vitest";
import { checkPurposeItems, checkRecipientScope } from "../../src/policy/catalog-changes.js";

const known = new Set(["full_name", "address", "email"]);

describe("checkPurposeItems (art. 17(1))", () => {
  it.each([
    { rule: "a purpose names its items", items: ["full_name"], articles: [] },
    { rule: "a purpose without items is refused", items: [], articles: ["APPI art. 17(1)"] },
    { rule: "an unknown item is refused", items: ["full_name", "blood_type"], articles: ["APPI art. 17(1)"] },
  ])("$rule", ({ items, articles }) => {
    expect(checkPurposeItems("p", items, known).map((p) => p.rule)).toEqual(articles);
  });
});

describe("checkRecipientScope (art. 18(1), 27(5); My Number Act 19-20)", () => {
  const withNumber = new Set([...known, "my_number"]);
  const classes = new Map([["my_number", "MY_NUMBER" as const]]);
  const base = {
    basis: "ENTRUSTEE" as const,
    contractPurposes: ["delivery"],
    purposeCode: "delivery",
    purposeItems: ["full_name", "address"],
    items: ["full_name"],
    knownItems: known,
  };
  it.each([
    { rule: "a scope within the purpose and the contract is fine", change: {}, expect: [] },
    {
      rule: "27(5)(i) an entrustee given a purpose outside its contract",
      change: { purposeCode: "marketing" },
      expect: ["APPI art. 27(5)(i)"],
    },
    {
      rule: "27(5)(iii) a joint user given a purpose outside its notice",
      change: { basis: "JOINT_USE" as const, purposeCode: "marketing" },
      expect: ["APPI art. 27(5)(iii)"],
    },
    {
      rule: "18(1) an item the purpose does not use",
      change: { items: ["email"] },
      expect: ["APPI art. 18(1)"],
    },
    { rule: "17(1) an unknown item", change: { items: ["blood_type"] }, expect: ["APPI art. 17(1)"] },
    { rule: "17(1) an unknown purpose", change: { purposeItems: null }, expect: ["APPI art. 17(1)"] },
    {
      rule: "My Number Act 19-20: an individual number in the scope of an unflagged entrustee",
      change: {
        purposeItems: ["full_name", "my_number"],
        items: ["my_number"],
        knownItems: withNumber,
        classes,
      },
      expect: ["My Number Act art. 19-20"],
    },
    {
      rule: "My Number Act 19-20: an individual number for an entrustee doing My Number tasks",
      change: {
        purposeItems: ["full_name", "my_number"],
        items: ["my_number"],
        knownItems: withNumber,
        classes,
        myNumberTasks: true,
      },
      expect: [],
    },
  ])("$rule", ({ change, expect: rules }) => {
    expect(checkRecipientScope({ ...base, ...change }).map((p) => p.rule)).toEqual(rules);
  });
});
