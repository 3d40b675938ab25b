/** Registering an operation for a recipient: refused only when it could never pass its scope. */
import { describe, expect, it } from "vitest";
import { registrationDenials } from "../../src/policy/allow-list.js";
import type { DataItemFacts, RecipientFacts } from "../../src/policy/types.js";

const catalog = new Map<string, DataItemFacts>(
  [
    ["full_name", "ORDINARY"],
    ["phone", "ORDINARY"],
    ["email", "ORDINARY"],
    ["medical_note", "SENSITIVE"],
  ].map(([code, cls]) => [code as string, { code: code as string, class: cls as DataItemFacts["class"] }]),
);
const delivery = { code: "delivery", items: ["full_name", "phone"] };
const mailing = { code: "mailing_list", items: ["full_name", "medical_note"] };

function recipient(basis: RecipientFacts["legalBasis"], purpose: string, items: string[]): RecipientFacts {
  return {
    id: "r",
    name: "R",
    legalBasis: basis,
    country: "JP",
    foreignRoute: null,
    // Out of its period today: registration does not depend on the day.
    activeFrom: new Date("2030-01-01"),
    activeUntil: null,
    purposes: [purpose],
    items: new Map([[purpose, new Set(items)]]),
    groupCode: null,
    linksReferableData: false,
  };
}

const field = (item: string) => ({ path: `people.edges.node.${item}`, item });

describe("registrationDenials", () => {
  it.each([
    {
      case: "an item the recipient may receive for the purpose: registrable",
      r: recipient("ENTRUSTEE", "delivery", ["full_name"]),
      purpose: delivery,
      items: ["full_name"],
      expected: [],
    },
    {
      case: "an item outside the purpose",
      r: recipient("ENTRUSTEE", "delivery", ["full_name"]),
      purpose: delivery,
      items: ["email"],
      expected: [{ code: "ITEM_OUTSIDE_PURPOSE", rule: "APPI art. 18(1)" }],
    },
    {
      case: "an item of the purpose outside the entrusted scope",
      r: recipient("ENTRUSTEE", "delivery", ["full_name"]),
      purpose: delivery,
      items: ["phone"],
      expected: [{ code: "ITEM_NOT_IN_SCOPE", rule: "APPI art. 27(5)(i)" }],
    },
    {
      case: "a purpose the contract does not cover",
      r: recipient("ENTRUSTEE", "delivery", ["full_name"]),
      purpose: mailing,
      items: ["full_name"],
      expected: [{ code: "PURPOSE_NOT_PERMITTED", rule: "APPI art. 27(5)(i)" }],
    },
    {
      case: "sensitive data by opt-out, even if listed",
      r: recipient("OPT_OUT", "mailing_list", ["full_name", "medical_note"]),
      purpose: mailing,
      items: ["medical_note"],
      expected: [{ code: "SENSITIVE_BY_OPT_OUT", rule: "APPI art. 27(2)" }],
    },
    {
      case: "no item at all",
      r: recipient("ENTRUSTEE", "delivery", ["full_name"]),
      purpose: delivery,
      items: [],
      expected: [{ code: "NO_DATA_ITEM_REQUESTED", rule: "APPI art. 27(1)" }],
    },
  ])("$case", ({ r, purpose, items, expected }) => {
    const denials = registrationDenials({
      recipient: r,
      purposeCode: purpose.code,
      purpose,
      catalog,
      requested: items.map(field),
    });
    expect(denials.map(({ code, rule }) => ({ code, rule }))).toEqual(expected);
  });

  it("refuses an unannounced purpose under art. 17(1)", () => {
    const denials = registrationDenials({
      recipient: recipient("ENTRUSTEE", "delivery", ["full_name"]),
      purposeCode: "nosuch",
      purpose: null,
      catalog,
      requested: [field("full_name")],
    });
    expect(denials.map((d) => [d.code, d.rule])).toEqual([["UNKNOWN_PURPOSE", "APPI art. 17(1)"]]);
  });
});
