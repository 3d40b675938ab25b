/**
 * What staff may register about recipients, notices and consents (APPI art. 17-18, 27(1)-(2),
 * 27(5)(iii), 28, R16-R18). Each row names the article the outcome must cite (null: accepted).
 */
import { describe, expect, it } from "vitest";
import {
  checkConformingCheck,
  checkConsentRegistration,
  checkForeignRouteDeclared,
  checkForeignStatement,
  checkJointUseNoticeScope,
  checkMyNumberTasks,
  checkNoticeBasis,
  checkOptOutNoticeItems,
  type ConsentDraft,
  IDENTIFICATION_CODE_POLICY,
  statementShownBeforeConsent,
} from "../../src/policy/registration-checks.js";
import type { DataItemClass } from "../../src/policy/types.js";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const classes = new Map<string, DataItemClass>([
  ["full_name", "ORDINARY"],
  ["medical_note", "SENSITIVE"],
  ["licence", "IDENTIFICATION_CODE"],
  ["my_number", "MY_NUMBER"],
]);

describe("registration checks", () => {
  it.each([
    {
      rule: "R17 a consent after the statement was published rests on it",
      published: "2025-10-01",
      given: "2025-11-01",
      ok: true,
    },
    {
      rule: "R17 a consent on the day of publication rests on it",
      published: "2025-10-01",
      given: "2025-10-01",
      ok: true,
    },
    {
      rule: "R17 a consent before publication cannot rest on it",
      published: "2025-10-01",
      given: "2025-09-30",
      ok: false,
    },
  ])("$rule", ({ published, given, ok }) => {
    expect(statementShownBeforeConsent(d(published), d(given))).toBe(ok);
  });

  it.each([
    { rule: "28(1) a recipient at home needs no route", country: "JP", route: null, article: null },
    {
      rule: "28(1) a recipient abroad without a route is refused",
      country: "US",
      route: null,
      article: "APPI art. 28(1)",
    },
    {
      rule: "28(1) a recipient abroad with route A is accepted",
      country: "US",
      route: "CONSENT" as const,
      article: null,
    },
  ])("$rule", ({ country, route, article }) => {
    expect(checkForeignRouteDeclared(country, route)?.rule ?? null).toBe(article);
  });

  it.each([
    { rule: "27(2) a notice of ordinary items", items: ["full_name"], article: null },
    {
      rule: "27(2) a notice listing a sensitive item",
      items: ["full_name", "medical_note"],
      article: "APPI art. 27(2)",
    },
    {
      rule: "house policy: a notice listing an identification code",
      items: ["licence"],
      article: IDENTIFICATION_CODE_POLICY,
    },
    { rule: "17(1) a notice listing an unknown item", items: ["blood_type"], article: "APPI art. 17(1)" },
    {
      rule: "My Number Act: a notice listing an individual number",
      items: ["my_number"],
      article: "My Number Act art. 19-20",
    },
  ])("$rule", ({ items, article }) => {
    expect(checkOptOutNoticeItems(items, classes)?.rule ?? null).toBe(article);
  });

  it.each([
    {
      rule: "My Number Act: an entrustee flagged for My Number tasks",
      basis: "ENTRUSTEE",
      flag: true,
      article: null,
    },
    {
      rule: "My Number Act: a consent-based recipient flagged",
      basis: "THIRD_PARTY_CONSENT",
      flag: true,
      article: "My Number Act art. 19-20",
    },
    { rule: "My Number Act: an unflagged joint user", basis: "JOINT_USE", flag: false, article: null },
  ] as const)("$rule", ({ basis, flag, article }) => {
    expect(checkMyNumberTasks(basis, flag)?.rule ?? null).toBe(article);
  });

  it.each([
    {
      rule: "27(2) an opt-out notice for an opt-out recipient",
      notice: "OPT_OUT",
      basis: "OPT_OUT",
      article: null,
    },
    {
      rule: "27(2) an opt-out notice for an entrustee",
      notice: "OPT_OUT",
      basis: "ENTRUSTEE",
      article: "APPI art. 27(2)",
    },
    {
      rule: "27(5)(iii) a joint-use notice for a consent-based recipient",
      notice: "JOINT_USE",
      basis: "THIRD_PARTY_CONSENT",
      article: "APPI art. 27(5)(iii)",
    },
  ] as const)("$rule", ({ notice, basis, article }) => {
    expect(checkNoticeBasis(notice, "r", basis)?.rule ?? null).toBe(article);
  });

  it.each([
    {
      rule: "27(5)(iii) a notice with items and purposes",
      items: ["full_name"],
      purposes: ["p"],
      article: null,
    },
    {
      rule: "27(5)(iii) a notice without items",
      items: [],
      purposes: ["p"],
      article: "APPI art. 27(5)(iii)",
    },
    {
      rule: "27(5)(iii) a notice without purposes",
      items: ["full_name"],
      purposes: [],
      article: "APPI art. 27(5)(iii)",
    },
  ])("$rule", ({ items, purposes, article }) => {
    expect(checkJointUseNoticeScope(items, purposes)?.rule ?? null).toBe(article);
  });

  it.each([
    { rule: "28(2) a statement for a recipient abroad", home: "US", country: "US", why: null, article: null },
    {
      rule: "28(2) no statement for a recipient in Japan",
      home: "JP",
      country: "JP",
      why: null,
      article: "APPI art. 28(2)",
    },
    {
      rule: "R17(3) an unknown country without a reason",
      home: "US",
      country: null,
      why: " ",
      article: "APPI R17(3)",
    },
    {
      rule: "R17(3)-(4) an unknown country with its reason but nothing told instead",
      home: "US",
      country: null,
      why: "Not yet chosen",
      article: "APPI R17(3)-(4)",
    },
    {
      rule: "R17(3)-(4) an unknown country with its reason and what can be told instead",
      home: "US",
      country: null,
      why: "Not yet chosen",
      sub: "EU or Singapore",
      article: null,
    },
  ])("$rule", ({ home, country, why, article, ...row }) => {
    const sub = "sub" in row ? row.sub : null;
    expect(
      checkForeignStatement({
        recipientId: "r",
        recipientCountry: home,
        country,
        countryUnknownReason: why,
        substituteInformation: sub,
      })?.rule ?? null,
    ).toBe(article);
  });

  const check = {
    recipientId: "r",
    foreignRoute: "CONFORMING_SYSTEM" as const,
    basis: "CBPR",
    checkedAt: d("2026-06-01"),
    nextCheckDue: d("2027-06-01"),
  };
  it.each([
    { rule: "28(3) a check of a route C recipient", over: {}, article: null },
    {
      rule: "28(3) only route C recipients are checked",
      over: { foreignRoute: "CONSENT" as const },
      article: "APPI art. 28(3)",
    },
    { rule: "R16 a conforming system on a handshake", over: { basis: "HANDSHAKE" }, article: "APPI R16" },
    { rule: "R16 a conforming system on group rules", over: { basis: "GROUP_RULES" }, article: null },
    {
      rule: "R18(1) the next check after this one",
      over: { nextCheckDue: d("2026-05-01") },
      article: "APPI R18(1)",
    },
    {
      rule: "R18(1) the next check within a year",
      over: { nextCheckDue: d("2027-06-02") },
      article: "APPI R18(1)",
    },
  ])("$rule", ({ over, article }) => {
    expect(checkConformingCheck({ ...check, ...over })?.rule ?? null).toBe(article);
  });
});

describe("checkConsentRegistration (art. 17(1), 18(1), 27(1), 28(2), R17)", () => {
  const base: ConsentDraft = {
    recipientId: "aoba",
    recipientGroup: null,
    purposeCode: "health",
    purposeItems: ["full_name", "medical_note"],
    allItems: false,
    items: ["full_name"],
    givenAt: d("2026-01-01"),
  };
  it.each([
    { rule: "a consent naming a recipient, purpose and items", over: {}, articles: [] },
    {
      rule: "27(1) both a recipient and a group",
      over: { recipientGroup: "aoba-group" },
      articles: ["APPI art. 27(1)"],
    },
    {
      rule: "27(1) neither a recipient nor a group",
      over: { recipientId: null },
      articles: ["APPI art. 27(1)"],
    },
    { rule: "17(1) a purpose never announced", over: { purposeItems: null }, articles: ["APPI art. 17(1)"] },
    { rule: "27(1) no items and not allItems", over: { items: [] }, articles: ["APPI art. 27(1)"] },
    {
      rule: "18(1) an item the purpose does not use",
      over: { items: ["email"] },
      articles: ["APPI art. 18(1)"],
    },
    {
      rule: "28(2) a statement of another recipient",
      over: { statement: { recipientId: "northwind", publishedAt: d("2025-01-01") } },
      articles: ["APPI art. 28(2)"],
    },
    {
      rule: "28(2) a statement that does not exist",
      over: { statement: null },
      articles: ["APPI art. 28(2)"],
    },
    {
      rule: "R17(2) a statement published after the consent",
      over: { statement: { recipientId: "aoba", publishedAt: d("2026-02-01") } },
      articles: ["APPI R17(2)"],
    },
    {
      rule: "My Number Act: a consent naming an individual number does not make it lawful",
      over: { purposeItems: ["full_name", "my_number"], items: ["my_number"], classes },
      articles: ["My Number Act art. 19-20"],
    },
    {
      rule: "R17(2) a statement published before the consent",
      over: { statement: { recipientId: "aoba", publishedAt: d("2025-12-01") } },
      articles: [],
    },
  ])("$rule", ({ over, articles }) => {
    expect(checkConsentRegistration({ ...base, ...over }).map((p) => p.rule)).toEqual(articles);
  });
});
