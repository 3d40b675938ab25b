/** Disclosure requests (APPI art. 33, 37-39; CO 11). */
import { describe, expect, it } from "vitest";
import {
  checkTransition,
  checkVerification,
  disclosedRecords,
  disclosureDueBy,
  isOverdue,
  checkPartRefusal,
  disclosureNotice,
  REFUSAL_GROUNDS,
} from "../../src/policy/disclosure.js";

const d = (iso: string) => new Date(iso);

describe("disclosure rules", () => {
  it("art. 39: due two weeks after the request arrives", () => {
    expect(disclosureDueBy(d("2026-11-23T09:00:00Z")).toISOString()).toBe("2026-12-07T09:00:00.000Z");
  });

  it.each([
    { status: "RECEIVED" as const, dueBy: "2026-11-22T00:00:00Z", overdue: true },
    { status: "COMPILED" as const, dueBy: "2026-11-22T00:00:00Z", overdue: true },
    { status: "DELIVERED" as const, dueBy: "2026-11-22T00:00:00Z", overdue: false },
    { status: "REFUSED" as const, dueBy: "2026-11-22T00:00:00Z", overdue: false },
    { status: "VERIFIED" as const, dueBy: "2026-11-24T00:00:00Z", overdue: false },
  ])("art. 33(2): a $status request due $dueBy is overdue: $overdue", ({ status, dueBy, overdue }) => {
    expect(isOverdue({ status, dueBy: d(dueBy) }, d("2026-11-23T00:00:00Z"))).toBe(overdue);
  });

  it.each([
    { from: "RECEIVED", to: "VERIFIED", article: null },
    { from: "RECEIVED", to: "COMPILED", article: "APPI art. 37" }, // identity first
    { from: "VERIFIED", to: "COMPILED", article: null },
    { from: "COMPILED", to: "DELIVERED", article: null },
    { from: "RECEIVED", to: "REFUSED", article: null },
    { from: "DELIVERED", to: "REFUSED", article: "APPI art. 33(3)" },
  ] as const)("art. 33, 37: $from -> $to refused under: $article", ({ from, to, article }) => {
    expect(checkTransition(from, to)?.rule ?? null).toBe(article);
  });

  it.each([
    {
      rule: "art. 37 the person's identity is checked",
      v: { identityVerification: "My Number card shown", agentName: null, agentAuthority: null },
      article: null,
    },
    {
      rule: "art. 37 no verification stated",
      v: { identityVerification: " ", agentName: null, agentAuthority: null },
      article: "APPI art. 37(1); CO 12",
    },
    {
      rule: "art. 37(3) an agent without proof of authority",
      v: { identityVerification: "passport", agentName: "弁護士 甲", agentAuthority: null },
      article: "APPI art. 37(3); CO 13",
    },
    {
      rule: "art. 37(3) an agent with a power of attorney",
      v: { identityVerification: "passport", agentName: "弁護士 甲", agentAuthority: "委任状 2026-11-20" },
      article: null,
    },
  ])("$rule", ({ v, article }) => {
    expect(checkVerification(v)?.rule ?? null).toBe(article);
  });

  it("art. 33(5): discloses art. 29 records, and 27(5) logs only by the company's choice; never withheld ones", () => {
    const events = [
      { id: "a", legallyRequired: true },
      { id: "b", legallyRequired: false },
      { id: "c", legallyRequired: true },
    ];
    expect(disclosedRecords(events, new Set(["c"]), false).map((e) => e.id)).toEqual(["a"]);
    expect(disclosedRecords(events, new Set(["c"]), true).map((e) => e.id)).toEqual(["a", "b"]);
  });

  it("art. 33(5), CO 11: records withheld under CO 11 never appear in the notice; 33(2) refusals do, with 36", () => {
    expect(disclosureNotice([], null)).toBeNull();
    const notice = disclosureNotice(
      [{ part: "RECORDS", ground: "SERIOUS_HINDRANCE_TO_BUSINESS", reason: "調査中のため" }],
      null,
    );
    expect(notice?.ja).toContain("第33(2)(ii)");
    expect(notice?.ja).toContain("第36条");
    expect(notice?.en).toContain("APPI art. 33(2)(ii)");
    expect(notice?.en).toContain("art. 36");
    expect(notice?.en).not.toMatch(/CO 11|withheld|art\. 40/);
  });

  it.each([
    { ground: "HARM_TO_PERSON_OR_OTHERS" as const, article: "APPI art. 33(2)(i)" },
    { ground: "SERIOUS_HINDRANCE_TO_BUSINESS" as const, article: "APPI art. 33(2)(ii)" },
    { ground: "BREACH_OF_OTHER_LAWS" as const, article: "APPI art. 33(2)(iii)" },
  ])("art. 33(2): refusal ground $ground cites $article", ({ ground, article }) => {
    expect(REFUSAL_GROUNDS[ground].rule).toBe(article);
    expect(disclosureNotice([{ part: "email", ground, reason: "r" }], null)?.en).toContain(`(${article})`);
  });

  it("art. 33(2): a difficult method is notified with its reason, in both languages", () => {
    const notice = disclosureNotice([], "電子媒体の用意に費用がかかるため");
    expect(notice?.ja).toContain("書面の交付");
    expect(notice?.en).toContain("in writing (art. 33(2))");
  });

  it.each([
    { rule: "a held item with a reason", part: "email", held: true, reason: "r", article: null },
    { rule: "an item not held", part: "blood_type", held: false, reason: "r", article: "APPI art. 33(2)" },
    {
      rule: "no reason for the person",
      part: "RECORDS",
      held: true,
      reason: " ",
      article: "APPI art. 33(3)",
    },
  ])("checkPartRefusal: $rule", ({ part, held, reason, article }) => {
    expect(checkPartRefusal({ part, reason }, held)?.rule ?? null).toBe(article);
  });
});
