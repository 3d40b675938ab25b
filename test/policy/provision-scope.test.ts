/**
 * Which items a recipient may receive for a purpose (APPI art. 17-18, 27(5), 28).
 * One row per rule: what is asked, by whom, and what Teikyo decides.
 */
import { describe, expect, it } from "vitest";
import { decideScope } from "../../src/policy/provision-scope.js";
import type { DataItemFacts, PurposeFacts, RecipientFacts } from "../../src/policy/types.js";

const NOW = new Date("2026-11-23T00:00:00Z");

const catalog = new Map<string, DataItemFacts>(
  [
    ["full_name", "ORDINARY"],
    ["address", "ORDINARY"],
    ["phone", "ORDINARY"],
    ["email", "ORDINARY"],
    ["medical_note", "SENSITIVE"],
  ].map(([code, cls]) => [code as string, { code: code as string, class: cls as DataItemFacts["class"] }]),
);

const purposes: Record<string, PurposeFacts> = {
  delivery: { code: "delivery", items: ["full_name", "address", "phone"] },
  marketing: { code: "marketing", items: ["full_name", "email"] },
};

function recipient(over: Partial<RecipientFacts> = {}): RecipientFacts {
  return {
    id: "r",
    name: "Carrier",
    legalBasis: "ENTRUSTEE",
    country: "JP",
    foreignRoute: null,
    activeFrom: new Date("2024-01-01T00:00:00Z"),
    activeUntil: null,
    purposes: ["delivery"],
    items: new Map([["delivery", new Set(["full_name", "address"])]]),
    groupCode: null,
    linksReferableData: false,
    ...over,
  };
}

const CURRENT_CHECK = {
  basis: "CBPR",
  checkedAt: new Date("2026-06-01T00:00:00Z"),
  nextCheckDue: new Date("2027-06-01T00:00:00Z"),
  measuresAssured: true,
};
const NOTICE = {
  jointUsers: "Group companies",
  items: ["full_name", "email"],
  purposes: ["marketing"],
  responsibleName: "Minato",
  responsibleAddress: "Tokyo",
  responsibleRepresentative: "CEO",
  announcedAt: new Date("2024-01-01T00:00:00Z"),
};

const jointUser = recipient({
  name: "Group company",
  legalBasis: "JOINT_USE",
  purposes: ["marketing"],
  items: new Map([["marketing", new Set(["full_name", "email"])]]),
});

interface Row {
  rule: string;
  /** The article the decision must cite. */
  article: string;
  who: RecipientFacts;
  purpose: string;
  items: (string | null)[];
  expect: "allowed" | string;
}

const rows: Row[] = [
  {
    rule: "27(5)(i) an entrustee gets the entrusted items for the entrusted purpose",
    article: "APPI art. 27(5)(i)",
    who: recipient(),
    purpose: "delivery",
    items: ["full_name", "address"],
    expect: "allowed",
  },
  {
    rule: "27(5)(i) an entrustee does not get an item of the purpose outside its contract",
    article: "APPI art. 27(5)(i)",
    who: recipient(),
    purpose: "delivery",
    items: ["full_name", "phone"],
    expect: "ITEM_NOT_IN_SCOPE",
  },
  {
    rule: "18(1) no item the purpose does not use",
    article: "APPI art. 18(1)",
    who: recipient(),
    purpose: "delivery",
    items: ["email"],
    expect: "ITEM_OUTSIDE_PURPOSE",
  },
  {
    rule: "17(1) no purpose that was not announced",
    article: "APPI art. 17(1)",
    who: recipient(),
    purpose: "profiling",
    items: ["full_name"],
    expect: "UNKNOWN_PURPOSE",
  },
  {
    rule: "27(5)(i) no purpose outside the entrusted work",
    article: "APPI art. 27(5)(i)",
    who: recipient(),
    purpose: "marketing",
    items: ["full_name"],
    expect: "PURPOSE_NOT_PERMITTED",
  },
  {
    rule: "17(1) a field that is no catalogued item is refused",
    article: "APPI art. 17(1)",
    who: recipient(),
    purpose: "delivery",
    items: [null],
    expect: "UNKNOWN_DATA_ITEM",
  },
  {
    rule: "17(1) an item code missing from the catalog is refused",
    article: "APPI art. 17(1)",
    who: recipient(),
    purpose: "delivery",
    items: ["blood_type"],
    expect: "UNKNOWN_DATA_ITEM",
  },
  {
    rule: "27(5)(iii) a joint user gets the announced items for the announced purpose",
    article: "APPI art. 27(5)(iii)",
    who: jointUser,
    purpose: "marketing",
    items: ["full_name", "email"],
    expect: "allowed",
  },
  {
    rule: "27(5)(iii) a joint user gets no purpose outside the notice",
    article: "APPI art. 27(5)(iii)",
    who: jointUser,
    purpose: "delivery",
    items: ["full_name"],
    expect: "PURPOSE_NOT_PERMITTED",
  },
  {
    rule: "27(5) before the contract starts, nothing",
    article: "APPI art. 27(5)(i)",
    who: recipient({ activeFrom: new Date("2027-01-01T00:00:00Z") }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "RECIPIENT_INACTIVE",
  },
  {
    rule: "27(5) after the contract ends, nothing",
    article: "APPI art. 27(5)(i)",
    who: recipient({ activeUntil: new Date("2026-11-01T00:00:00Z") }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "RECIPIENT_INACTIVE",
  },
  {
    rule: "28(1) route B: an entrustee in the EU keeps 27(5)",
    article: "APPI art. 27(5)(i)",
    who: recipient({ country: "DE", foreignRoute: "EQUIVALENT_COUNTRY" }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "allowed",
  },
  {
    rule: "28(1) route C: an entrustee with a conforming system keeps 27(5)",
    article: "APPI art. 27(5)(i)",
    who: recipient({ country: "SG", foreignRoute: "CONFORMING_SYSTEM" }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "allowed",
  },
  {
    rule: "28(1) route B claimed for a country not on the list is refused",
    article: "APPI art. 28(1)",
    who: recipient({ country: "US", foreignRoute: "EQUIVALENT_COUNTRY" }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "FOREIGN_ROUTE_REQUIRED",
  },
  {
    rule: "28(1) an entrustee abroad with no route is refused",
    article: "APPI art. 28(1)",
    who: recipient({ country: "US" }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "FOREIGN_ROUTE_REQUIRED",
  },
  {
    rule: "27(1)(i)-(vii) legal exceptions are not a partner channel",
    article: "APPI art. 27(1)(i)-(vii)",
    who: recipient({ legalBasis: "LEGAL_EXCEPTION" }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "BASIS_NOT_AVAILABLE",
  },
  {
    rule: "27(2) opt-out without a registered notice is refused",
    article: "APPI art. 27(2)",
    who: recipient({ legalBasis: "OPT_OUT" }),
    purpose: "delivery",
    items: ["full_name"],
    expect: "OPT_OUT_NOTICE_MISSING",
  },
];

describe("decideScope (APPI art. 17-18, 27(5), 28)", () => {
  it.each(rows)("art. $rule ($article)", (row) => {
    const decision = decideScope({
      recipient: row.who,
      purposeCode: row.purpose,
      purpose: purposes[row.purpose] ?? null,
      catalog,
      requested: row.items.map((item, i) => ({ path: `f${i}`, item })),
      now: NOW,
      conformingChecks: [CURRENT_CHECK],
      jointUseNotice: NOTICE,
    });
    if (row.expect === "allowed") {
      expect(decision).toMatchObject({ allowed: true, items: new Set(row.items), rule: row.article });
    } else {
      expect(decision.allowed).toBe(false);
      if (!decision.allowed)
        expect(decision.denials.find((d) => d.code === row.expect)?.rule).toBe(row.article);
    }
  });

  it("names the field, the item, the recipient's basis and the article in each denial", () => {
    const decision = decideScope({
      recipient: recipient(),
      purposeCode: "delivery",
      purpose: purposes.delivery ?? null,
      catalog,
      requested: [{ path: "people.edges.node.phone", item: "phone" }],
      now: NOW,
    });
    expect(decision).toEqual({
      allowed: false,
      denials: [
        {
          code: "ITEM_NOT_IN_SCOPE",
          rule: "APPI art. 27(5)(i)",
          path: "people.edges.node.phone",
          item: "phone",
          message: expect.stringContaining('recipient "Carrier" (ENTRUSTEE) for purpose "delivery"'),
        },
      ],
    });
  });

  it("refuses the whole request when one of several fields is out of scope", () => {
    const decision = decideScope({
      recipient: recipient(),
      purposeCode: "delivery",
      purpose: purposes.delivery ?? null,
      catalog,
      requested: [
        { path: "a", item: "full_name" },
        { path: "b", item: "phone" },
      ],
      now: NOW,
    });
    expect(decision.allowed).toBe(false);
  });
});
