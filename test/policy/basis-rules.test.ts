/**
 * Basis-level rules decided once per operation: opt-out notices and item classes (27(2)-(3)),
 * joint-use notices (27(5)(iii)), foreign routes (28), and what each provision records (29, 31).
 */
import { describe, expect, it } from "vitest";
import type {
  ConformingCheckFacts,
  JointUseNoticeFacts,
  OptOutNoticeFacts,
} from "../../src/policy/notices.js";
import { decideScope, type ScopeInput } from "../../src/policy/provision-scope.js";
import type { DataItemClass, LegalBasis, RecipientFacts } from "../../src/policy/types.js";

const NOW = new Date("2026-11-23T00:00:00Z");
const PAST = new Date("2025-01-01T00:00:00Z");
const ITEMS = ["full_name", "address", "medical_note", "licence", "cookie_id"];
const classes: Record<string, DataItemClass> = {
  full_name: "ORDINARY",
  address: "ORDINARY",
  medical_note: "SENSITIVE",
  licence: "IDENTIFICATION_CODE",
  cookie_id: "PERSONALLY_REFERABLE",
};
const catalog = new Map(Object.entries(classes).map(([code, cls]) => [code, { code, class: cls }]));

const optOutNotice: OptOutNoticeFacts = {
  providerName: "Minato Lifestyle",
  providerAddress: "Tokyo",
  providerRepresentative: "CEO",
  purposeStatement: "Provision to third parties is a purpose of use",
  items: ["full_name", "address", "medical_note", "licence"],
  acquisitionMethod: "Web registration",
  provisionMethod: "Printed list",
  stopOnRequest: true,
  requestMethod: "Web form",
  updateMethod: "Monthly",
  notifiedAt: PAST,
  ppcFiledAt: PAST,
  startsAt: PAST,
};
const jointNotice: JointUseNoticeFacts = {
  jointUsers: "Group companies",
  items: ["full_name", "address"],
  purposes: ["p"],
  responsibleName: "Minato",
  responsibleAddress: "Tokyo",
  responsibleRepresentative: "CEO",
  announcedAt: PAST,
};
const goodCheck: ConformingCheckFacts = {
  basis: "CBPR",
  checkedAt: PAST,
  nextCheckDue: new Date("2027-01-01T00:00:00Z"),
  measuresAssured: true,
};

function input(
  basis: LegalBasis,
  items: string[],
  over: Partial<RecipientFacts> = {},
  extra: Partial<ScopeInput> = {},
): ScopeInput {
  return {
    recipient: {
      id: "r",
      name: "R",
      legalBasis: basis,
      country: "JP",
      foreignRoute: null,
      activeFrom: PAST,
      activeUntil: null,
      purposes: ["p"],
      items: new Map([["p", new Set(ITEMS)]]),
      groupCode: null,
      linksReferableData: false,
      ...over,
    },
    purposeCode: "p",
    purpose: { code: "p", items: ITEMS },
    catalog,
    requested: items.map((item) => ({ path: item, item })),
    now: NOW,
    optOutNotice,
    jointUseNotice: jointNotice,
    conformingChecks: [goodCheck],
    ...extra,
  };
}

const rows: { rule: string; input: ScopeInput; expect: string }[] = [
  {
    rule: "27(2) opt-out with a complete, filed, started notice",
    input: input("OPT_OUT", ["full_name", "address"]),
    expect: "OPT_OUT",
  },
  {
    rule: "27(2) opt-out never carries sensitive items",
    input: input("OPT_OUT", ["full_name", "medical_note"]),
    expect: "SENSITIVE_BY_OPT_OUT",
  },
  {
    rule: "27(2); CO 1 opt-out carries no identification code",
    input: input("OPT_OUT", ["licence"]),
    expect: "IDENTIFICATION_CODE_BY_OPT_OUT",
  },
  {
    rule: "27(2) no notice, no opt-out provision",
    input: input("OPT_OUT", ["full_name"], {}, { optOutNotice: null }),
    expect: "OPT_OUT_NOTICE_MISSING",
  },
  {
    rule: "27(2)-(3) a notice lacking a required matter",
    input: input("OPT_OUT", ["full_name"], {}, { optOutNotice: { ...optOutNotice, requestMethod: " " } }),
    expect: "OPT_OUT_NOTICE_INCOMPLETE",
  },
  {
    rule: "27(2) before the notified start date",
    input: input(
      "OPT_OUT",
      ["full_name"],
      {},
      { optOutNotice: { ...optOutNotice, startsAt: new Date("2027-01-01T00:00:00Z") } },
    ),
    expect: "OPT_OUT_NOT_STARTED",
  },
  {
    rule: "27(2)(iii) an item the notice does not list",
    input: input("OPT_OUT", ["cookie_id"]),
    expect: "ITEM_NOT_IN_NOTICE",
  },
  {
    rule: "27(1) consent-based provision records the consent",
    input: input("THIRD_PARTY_CONSENT", ["full_name", "medical_note"]),
    expect: "CONSENT",
  },
  {
    rule: "27(5)(ii) succession at home needs no record",
    input: input("SUCCESSION", ["full_name"]),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "27(5)(iii) joint use within the notice",
    input: input("JOINT_USE", ["full_name"]),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "27(5)(iii) joint use without a prior notice",
    input: input("JOINT_USE", ["full_name"], {}, { jointUseNotice: null }),
    expect: "JOINT_USE_NOTICE_MISSING",
  },
  {
    rule: "27(5)(iii) joint use of an item not announced",
    input: input("JOINT_USE", ["medical_note"]),
    expect: "ITEM_NOT_IN_NOTICE",
  },
  {
    rule: "28(1) route A: consent abroad, recorded as a foreign provision",
    input: input("THIRD_PARTY_CONSENT", ["full_name"], { country: "US", foreignRoute: "CONSENT" }),
    expect: "FOREIGN_CONSENT",
  },
  {
    rule: "28(1) route A turns an entrustment abroad into a consent-based provision",
    input: input("ENTRUSTEE", ["full_name"], { country: "US", foreignRoute: "CONSENT" }),
    expect: "FOREIGN_CONSENT",
  },
  {
    rule: "28(1), R15 route B: joint use in the UK keeps 27(5)",
    input: input("JOINT_USE", ["full_name"], { country: "GB", foreignRoute: "EQUIVALENT_COUNTRY" }),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "28(1), R15 route B: consent-based in France records consent as at home",
    input: input("THIRD_PARTY_CONSENT", ["full_name"], { country: "FR", foreignRoute: "EQUIVALENT_COUNTRY" }),
    expect: "CONSENT",
  },
  {
    rule: "28(1), R16 route C with a current check keeps 27(5)",
    input: input("ENTRUSTEE", ["full_name"], { country: "SG", foreignRoute: "CONFORMING_SYSTEM" }),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "28(3), R18 route C with an overdue check is stopped",
    input: input(
      "ENTRUSTEE",
      ["full_name"],
      { country: "SG", foreignRoute: "CONFORMING_SYSTEM" },
      { conformingChecks: [{ ...goodCheck, nextCheckDue: PAST }] },
    ),
    expect: "FOREIGN_CHECK_OVERDUE",
  },
  {
    rule: "28(3) route C without any check",
    input: input(
      "ENTRUSTEE",
      ["full_name"],
      { country: "SG", foreignRoute: "CONFORMING_SYSTEM" },
      { conformingChecks: [] },
    ),
    expect: "FOREIGN_CHECK_MISSING",
  },
  {
    rule: "28(3) route C when the measures can no longer be assured",
    input: input(
      "ENTRUSTEE",
      ["full_name"],
      { country: "SG", foreignRoute: "CONFORMING_SYSTEM" },
      { conformingChecks: [{ ...goodCheck, measuresAssured: false }] },
    ),
    expect: "FOREIGN_MEASURES_NOT_ASSURED",
  },
  {
    rule: "28(3) a future-dated good check does not hide today's failing one",
    input: input(
      "ENTRUSTEE",
      ["full_name"],
      { country: "SG", foreignRoute: "CONFORMING_SYSTEM" },
      {
        conformingChecks: [
          { ...goodCheck, checkedAt: new Date("2026-11-20T00:00:00Z"), measuresAssured: false },
          { ...goodCheck, checkedAt: new Date("2026-12-20T00:00:00Z"), measuresAssured: true },
        ],
      },
    ),
    expect: "FOREIGN_MEASURES_NOT_ASSURED",
  },
  {
    rule: "28(1) opt-out abroad only to the EU/UK",
    input: input("OPT_OUT", ["full_name"], { country: "SG", foreignRoute: "CONFORMING_SYSTEM" }),
    expect: "FOREIGN_ROUTE_REQUIRED",
  },
  {
    rule: "28(1) opt-out to Germany (route B) as at home",
    input: input("OPT_OUT", ["full_name"], { country: "DE", foreignRoute: "EQUIVALENT_COUNTRY" }),
    expect: "OPT_OUT",
  },
  {
    rule: "31 linking referable items adds a confirmation record",
    input: input("ENTRUSTEE", ["cookie_id"], { linksReferableData: true }),
    expect: "REFERABLE_CONFIRMATION",
  },
];

describe("decideScope: bases and records", () => {
  it.each(rows)("art. $rule", ({ input: i, expect: expected }) => {
    const decision = decideScope(i);
    if (decision.allowed) expect(decision.personRule.records).toContain(expected);
    else expect(decision.denials.map((d) => d.code)).toContain(expected);
  });
});
