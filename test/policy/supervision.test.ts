/** Supervision of entrustees (APPI art. 25). */
import { describe, expect, it } from "vitest";
import { checkSupervision, supervisionStatus } from "../../src/policy/supervision.js";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const base = {
  recipientId: "r",
  basis: "ENTRUSTEE" as const,
  findings: "On-site audit of the warehouse",
  checkedAt: d("2026-11-01"),
  nextCheckDue: d("2027-11-01"),
  now: d("2026-11-23"),
};

describe("supervision (art. 25)", () => {
  it.each([
    { rule: "a check of an entrustee", over: {}, article: null },
    {
      rule: "25 a joint user is not supervised as an entrustee",
      over: { basis: "JOINT_USE" as const },
      article: "APPI art. 25",
    },
    { rule: "25 a check without findings", over: { findings: " " }, article: "APPI art. 25" },
    { rule: "25 a check dated after today", over: { checkedAt: d("2026-12-01") }, article: "APPI art. 25" },
  ])("$rule", ({ over, article }) => {
    expect(checkSupervision({ ...base, ...over })?.rule ?? null).toBe(article);
  });

  it.each([
    { last: null, status: "NEVER_CHECKED" },
    { last: { result: "SATISFACTORY", nextCheckDue: d("2027-01-01") }, status: "CURRENT" },
    { last: { result: "IMPROVEMENT_REQUIRED", nextCheckDue: d("2027-01-01") }, status: "ACTION_NEEDED" },
    { last: { result: "SATISFACTORY", nextCheckDue: d("2026-11-01") }, status: "OVERDUE" },
  ])("status $status", ({ last, status }) => {
    expect(supervisionStatus(last, d("2026-11-23"))).toBe(status);
  });
});
