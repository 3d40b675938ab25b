/**
 * Basis-level rules decided once per operation: opt-out notices and item classes (27(2)-(3)),
 * joint-use notices (27(5)(iii)), foreign routes (28), and what each provision records (29, 31).
 */
import { describe, expect, it } from "vitest";
import {
  type ConformingCheckFacts,
  type JointUseNoticeFacts,
  type OptOutNoticeFacts,
  routeCInformation,
} from "../../src/policy/notices.js";
import { decideScope, type ScopeInput } from "../../src/policy/provision-scope.js";
import { IDENTIFICATION_CODE_POLICY } from "../../src/policy/registration-checks.js";
import type { DataItemClass, LegalBasis, RecipientFacts } from "../../src/policy/types.js";

const NOW = new Date("2026-11-23T00:00:00Z");
const PAST = new Date("2025-01-01T00:00:00Z");
const ITEMS = ["full_name", "address", "medical_note", "licence", "cookie_id", "my_number"];
const classes: Record<string, DataItemClass> = {
  full_name: "ORDINARY",
  address: "ORDINARY",
  medical_note: "SENSITIVE",
  licence: "IDENTIFICATION_CODE",
  cookie_id: "PERSONALLY_REFERABLE",
  my_number: "MY_NUMBER",
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
  checkedAt: new Date("2026-01-01T00:00:00Z"),
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

const rows: { rule: string; article: string; input: ScopeInput; expect: string }[] = [
  {
    rule: "27(2) opt-out with a complete, filed, started notice",
    article: "APPI art. 27(2)",
    input: input("OPT_OUT", ["full_name", "address"]),
    expect: "OPT_OUT",
  },
  {
    rule: "27(2) opt-out never carries sensitive items",
    article: "APPI art. 27(2)",
    input: input("OPT_OUT", ["full_name", "medical_note"]),
    expect: "SENSITIVE_BY_OPT_OUT",
  },
  {
    rule: "27(2); CO 1 opt-out carries no identification code",
    article: IDENTIFICATION_CODE_POLICY,
    input: input("OPT_OUT", ["licence"]),
    expect: "IDENTIFICATION_CODE_BY_OPT_OUT",
  },
  {
    rule: "27(2) no notice, no opt-out provision",
    article: "APPI art. 27(2)",
    input: input("OPT_OUT", ["full_name"], {}, { optOutNotice: null }),
    expect: "OPT_OUT_NOTICE_MISSING",
  },
  {
    rule: "27(2)-(3) a notice lacking a required matter",
    article: "APPI art. 27(2)-(3)",
    input: input("OPT_OUT", ["full_name"], {}, { optOutNotice: { ...optOutNotice, requestMethod: " " } }),
    expect: "OPT_OUT_NOTICE_INCOMPLETE",
  },
  {
    rule: "27(2) before the notified start date",
    article: "APPI art. 27(2)",
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
    article: "APPI art. 27(2)(iii)",
    input: input("OPT_OUT", ["cookie_id"]),
    expect: "ITEM_NOT_IN_NOTICE",
  },
  {
    rule: "27(1) consent-based provision records the consent",
    article: "APPI art. 27(1)",
    input: input("THIRD_PARTY_CONSENT", ["full_name", "medical_note"]),
    expect: "CONSENT",
  },
  {
    rule: "27(5)(ii) succession at home needs no record",
    article: "APPI art. 27(5)(ii)",
    input: input("SUCCESSION", ["full_name"]),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "27(5)(iii) joint use within the notice",
    article: "APPI art. 27(5)(iii)",
    input: input("JOINT_USE", ["full_name"]),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "27(5)(iii) joint use without a prior notice",
    article: "APPI art. 27(5)(iii)",
    input: input("JOINT_USE", ["full_name"], {}, { jointUseNotice: null }),
    expect: "JOINT_USE_NOTICE_MISSING",
  },
  {
    rule: "27(5)(iii) joint use of an item not announced",
    article: "APPI art. 27(5)(iii)",
    input: input("JOINT_USE", ["medical_note"]),
    expect: "ITEM_NOT_IN_NOTICE",
  },
  {
    rule: "28(1) route A: consent abroad, recorded as a foreign provision",
    article: "APPI art. 28(1)",
    input: input("THIRD_PARTY_CONSENT", ["full_name"], { country: "US", foreignRoute: "CONSENT" }),
    expect: "FOREIGN_CONSENT",
  },
  {
    rule: "28(1) route A turns an entrustment abroad into a consent-based provision",
    article: "APPI art. 28(1)",
    input: input("ENTRUSTEE", ["full_name"], { country: "US", foreignRoute: "CONSENT" }),
    expect: "FOREIGN_CONSENT",
  },
  {
    rule: "28(1), R15 route B: joint use in the UK keeps 27(5)",
    article: "APPI art. 27(5)(iii)",
    input: input("JOINT_USE", ["full_name"], { country: "GB", foreignRoute: "EQUIVALENT_COUNTRY" }),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "28(1), R15 route B: consent-based in France records consent as at home",
    article: "APPI art. 27(1)",
    input: input("THIRD_PARTY_CONSENT", ["full_name"], { country: "FR", foreignRoute: "EQUIVALENT_COUNTRY" }),
    expect: "CONSENT",
  },
  {
    rule: "28(1), R16 route C with a current check keeps 27(5)",
    article: "APPI art. 27(5)(i)",
    input: input("ENTRUSTEE", ["full_name"], { country: "SG", foreignRoute: "CONFORMING_SYSTEM" }),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "28(3), R18 route C with an overdue check is stopped",
    article: "APPI art. 28(3)",
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
    article: "APPI art. 28(3)",
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
    article: "APPI art. 28(3)",
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
    article: "APPI art. 28(3)",
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
    rule: "28(1) with 27(2): opt-out to a route C recipient with a current check is lawful",
    article: "APPI art. 27(2)",
    input: input("OPT_OUT", ["full_name"], { country: "SG", foreignRoute: "CONFORMING_SYSTEM" }),
    expect: "OPT_OUT",
  },
  {
    rule: "28(3) opt-out to route C stops when its check is overdue",
    article: "APPI art. 28(3)",
    input: input(
      "OPT_OUT",
      ["full_name"],
      { country: "SG", foreignRoute: "CONFORMING_SYSTEM" },
      { conformingChecks: [{ ...goodCheck, nextCheckDue: PAST }] },
    ),
    expect: "FOREIGN_CHECK_OVERDUE",
  },
  {
    rule: "28(1) opt-out abroad on route A (consent) is refused: route A needs consent",
    article: "APPI art. 28(1)",
    input: input("OPT_OUT", ["full_name"], { country: "US", foreignRoute: null }),
    expect: "FOREIGN_ROUTE_REQUIRED",
  },
  {
    rule: "R18(1) a check more than a year old stops route C whatever next date was set",
    article: "APPI R18(1)",
    input: input(
      "ENTRUSTEE",
      ["full_name"],
      { country: "SG", foreignRoute: "CONFORMING_SYSTEM" },
      {
        conformingChecks: [
          {
            ...goodCheck,
            checkedAt: new Date("2025-06-01T00:00:00Z"),
            nextCheckDue: new Date("2027-06-01T00:00:00Z"),
          },
        ],
      },
    ),
    expect: "FOREIGN_CHECK_OVERDUE",
  },
  {
    rule: "28(1) opt-out to Germany (route B) as at home",
    article: "APPI art. 27(2)",
    input: input("OPT_OUT", ["full_name"], { country: "DE", foreignRoute: "EQUIVALENT_COUNTRY" }),
    expect: "OPT_OUT",
  },
  {
    rule: "31 a consent-based recipient linking referable items adds a confirmation record",
    article: "APPI art. 27(1)",
    input: input("THIRD_PARTY_CONSENT", ["cookie_id"], { linksReferableData: true }),
    expect: "REFERABLE_CONFIRMATION",
  },
  {
    rule: "27(5)(i); Q&A 7-42 an entrustee that links the data with its own is no entrustee",
    article: "APPI art. 27(5)(i); PPC Q&A 7-42",
    input: input("ENTRUSTEE", ["full_name"], { linksReferableData: true }),
    expect: "ENTRUSTEE_LINKS_DATA",
  },
  {
    rule: "My Number Act 19-20: an entrustee doing My Number tasks receives the number",
    article: "APPI art. 27(5)(i)",
    input: input("ENTRUSTEE", ["full_name", "my_number"], { myNumberTasks: true }),
    expect: "NOT_REQUIRED",
  },
  {
    rule: "My Number Act 19-20: an entrustee not flagged for My Number tasks does not",
    article: "My Number Act art. 19-20",
    input: input("ENTRUSTEE", ["my_number"]),
    expect: "MY_NUMBER_NOT_ALLOWED",
  },
  {
    rule: "My Number Act 19-20: consent does not make providing the number lawful",
    article: "My Number Act art. 19-20",
    input: input("THIRD_PARTY_CONSENT", ["my_number"], { myNumberTasks: true }),
    expect: "MY_NUMBER_NOT_ALLOWED",
  },
  {
    rule: "My Number Act 19-20: an entrustee abroad on route A is a consent-based provision: no number",
    article: "My Number Act art. 19-20",
    input: input("ENTRUSTEE", ["my_number"], { myNumberTasks: true, country: "US", foreignRoute: "CONSENT" }),
    expect: "MY_NUMBER_NOT_ALLOWED",
  },
];

describe("decideScope: bases and records", () => {
  it.each(rows)("art. $rule ($article)", ({ input: i, article, expect: expected }) => {
    const decision = decideScope(i);
    if (decision.allowed) {
      expect(decision.personRule.records).toContain(expected);
      expect(decision.rule).toBe(article);
    } else {
      expect(decision.denials.find((d) => d.code === expected)?.rule).toBe(article);
    }
  });
});

describe("routeCInformation (art. 28(3), R18(3))", () => {
  it("tells the person the basis, the yearly check and whether provision goes on, in Japanese and English", () => {
    const info = routeCInformation(
      { name: "Pacific CRM", country: "SG" },
      { ...goodCheck, findings: "CBPR current" },
      NOW,
    );
    expect(info.ja).toContain("少なくとも年1回");
    expect(info.ja).toContain("提供を継続しています");
    expect(info.en).toContain("last check 2026-01-01");
    const stopped = routeCInformation(
      { name: "Pacific CRM", country: "SG" },
      { ...goodCheck, measuresAssured: false, findings: "Local law changed" },
      NOW,
    );
    expect(stopped.en).toContain("currently stopped");
  });
});
