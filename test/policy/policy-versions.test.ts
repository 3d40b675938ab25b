/**
 * Publishing policy versions (APPI art. 17(1)-(2), 21(3), 27(2)-(3), 27(6); Rules art. 11(1)):
 * each row is a change a compliance officer might try, the decision and the article.
 */
import { describe, expect, it } from "vitest";
import {
  checkJointUseVersion,
  checkOptOutCessation,
  checkOptOutVersion,
} from "../../src/policy/notice-versions.js";
import { checkClassVersion, checkPurposeVersion } from "../../src/policy/purpose-versions.js";
import type { DataItemClass } from "../../src/policy/types.js";
import { versionInForce } from "../../src/policy/versions.js";

const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const NOW = d("2026-11-23");

const classes = new Map<string, DataItemClass>([
  ["full_name", "ORDINARY"],
  ["email", "ORDINARY"],
  ["cookie_id", "PERSONALLY_REFERABLE"],
  ["medical_note", "SENSITIVE"],
]);
const v1 = {
  description: "Ads",
  descriptionJa: "広告配信のため",
  items: ["cookie_id"],
  announcedAt: d("2024-03-01"),
  effectiveFrom: d("2024-03-01"),
  effectiveUntil: null,
};
const draft = (over: Record<string, unknown> = {}) => ({
  purposeCode: "advertising",
  description: "Ads",
  descriptionJa: "広告配信のため",
  items: ["cookie_id", "email"],
  changeNote: "Email is used to deliver the same ads by mail, as customers expect of advertising.",
  announcedAt: NOW,
  effectiveFrom: d("2026-12-01"),
  ...over,
});

describe("purpose versions", () => {
  it.each([
    { rule: "17(2), 21(3) a justified change announced now, effective later", draft: draft(), expect: [] },
    {
      rule: "17(2) a change without saying why people could expect it",
      draft: draft({ changeNote: " " }),
      expect: [["CHANGE_NOT_JUSTIFIED", "APPI art. 17(2)"]],
    },
    {
      rule: "17(2), 20(2) adding a sensitive item to an announced purpose",
      draft: draft({ items: ["cookie_id", "medical_note"] }),
      expect: [["SENSITIVE_ITEM_ADDED", "APPI art. 17(2); art. 20(2)"]],
    },
    {
      rule: "17(1) an unknown item",
      draft: draft({ items: ["cookie_id", "blood_type"] }),
      expect: [["UNKNOWN_DATA_ITEM", "APPI art. 17(1)"]],
    },
    {
      rule: "17(1) no items",
      draft: draft({ items: [] }),
      expect: [["PURPOSE_WITHOUT_ITEMS", "APPI art. 17(1)"]],
    },
    {
      rule: "21(3) effective before it is announced",
      draft: draft({ announcedAt: d("2026-12-01"), effectiveFrom: d("2026-11-30") }),
      expect: [["EFFECTIVE_BEFORE_ANNOUNCEMENT", "APPI art. 21(3)"]],
    },
    {
      rule: "21(3) a back-dated announcement",
      draft: draft({ announcedAt: d("2025-01-01"), effectiveFrom: d("2025-01-01") }),
      expect: [["ANNOUNCEMENT_BACKDATED", "APPI art. 21(3)"]],
    },
  ])("art. $rule", ({ draft: dr, expect: want }) => {
    const outcomes = checkPurposeVersion(dr, v1, [v1], classes, NOW);
    expect(outcomes.map((o) => [o.code, o.rule])).toEqual(want);
  });

  it("art. 21(3): versions never overlap; a version scheduled later blocks an earlier start", () => {
    const scheduled = { ...v1, effectiveFrom: d("2026-12-10") };
    const outcomes = checkPurposeVersion(draft(), v1, [v1, scheduled], classes, NOW);
    expect(outcomes.map((o) => [o.code, o.rule])).toEqual([["OVERLAPPING_VERSION", "APPI art. 21(3)"]]);
  });

  it("a new purpose (no previous version) needs no change note", () => {
    expect(checkPurposeVersion(draft({ changeNote: "" }), null, [], classes, NOW)).toEqual([]);
  });
});

describe("data item class versions", () => {
  it.each([
    {
      rule: "2(3) a reclassification announced now",
      cls: "ORDINARY" as const,
      current: "SENSITIVE" as const,
      want: [],
    },
    {
      rule: "2(3) the same class again",
      cls: "SENSITIVE" as const,
      current: "SENSITIVE" as const,
      want: [["NOTHING_CHANGED", "APPI art. 2(3)"]],
    },
  ])("art. $rule", ({ cls, current, want }) => {
    const outcomes = checkClassVersion(
      { itemCode: "medical_note", class: cls, announcedAt: NOW, effectiveFrom: NOW },
      current,
      [v1],
      NOW,
    );
    expect(outcomes.map((o) => [o.code, o.rule])).toEqual(want);
  });
});

describe("which version is in force", () => {
  const versions = [
    {
      id: "v1",
      announcedAt: d("2024-03-01"),
      effectiveFrom: d("2024-03-01"),
      effectiveUntil: d("2026-12-01"),
    },
    { id: "v2", announcedAt: d("2026-11-23"), effectiveFrom: d("2026-12-01"), effectiveUntil: null },
  ];
  it.each([
    ["2024-02-01", null],
    ["2026-11-23", "v1"],
    ["2026-12-01", "v2"],
  ])("at %s: %s", (at, id) => {
    expect(versionInForce(versions, d(at))?.id ?? null).toBe(id);
  });
});

const joint = {
  jointUsers: "株式会社ミナトカードサービス",
  items: ["full_name", "email"],
  purposes: ["marketing"],
  responsibleName: "株式会社ミナト・ライフスタイル",
  responsibleAddress: "東京都港区海岸1-1-1",
  responsibleRepresentative: "代表取締役社長 港 一郎",
  announcedAt: d("2024-03-01"),
  effectiveFrom: d("2024-03-01"),
};
const known = new Set(["marketing", "billing"]);

describe("joint-use notice versions", () => {
  it.each([
    {
      rule: "27(6) an added item is refused",
      next: { items: ["full_name", "email", "phone"] },
      want: [["JOINT_USE_ITEMS_CHANGED", "APPI art. 27(6)"]],
    },
    {
      rule: "27(6) wider joint users are refused",
      next: { jointUsers: "any partner the company designates" },
      want: [["JOINT_USERS_CHANGED", "APPI art. 27(6)"]],
    },
    {
      rule: "27(6) a purpose change effective at once is refused",
      next: { purposes: ["marketing", "billing"] },
      want: [["CHANGE_NOT_ANNOUNCED_IN_ADVANCE", "APPI art. 27(6)"]],
    },
    {
      rule: "27(6) a purpose change from a later announced date is allowed",
      next: { purposes: ["marketing", "billing"], effectiveFrom: d("2026-12-23") },
      want: [],
    },
    {
      rule: "27(6) a responsible-party change from a later announced date is allowed",
      next: { responsibleName: "株式会社ミナトカードサービス", effectiveFrom: d("2026-12-23") },
      want: [],
    },
    {
      rule: "27(5)(iii) a back-dated announcement is refused",
      next: { announcedAt: d("2024-01-01"), effectiveFrom: d("2026-12-23") },
      want: [["ANNOUNCEMENT_BACKDATED", "APPI art. 27(5)(iii)"]],
    },
    {
      rule: "17(1) an unannounced purpose is refused",
      next: { purposes: ["marketing", "resale"], effectiveFrom: d("2026-12-23") },
      want: [["UNKNOWN_PURPOSE", "APPI art. 17(1)"]],
    },
  ])("art. $rule", ({ next, want }) => {
    const draft = { ...joint, announcedAt: NOW, effectiveFrom: NOW, ...next };
    const outcomes = checkJointUseVersion(draft, joint, [{ ...joint, effectiveUntil: null }], known, NOW);
    expect(outcomes.map((o) => [o.code, o.rule])).toEqual(want);
  });

  it("art. 27(5)(iii): the first notice names users, items, purposes and the responsible party", () => {
    const outcomes = checkJointUseVersion(
      { ...joint, jointUsers: " ", items: [], announcedAt: NOW, effectiveFrom: NOW },
      null,
      [],
      known,
      NOW,
    );
    expect(outcomes.map((o) => [o.code, o.rule])).toEqual([
      ["JOINT_USE_NOTICE_INCOMPLETE", "APPI art. 27(5)(iii)"],
    ]);
    expect(outcomes[0]?.message).toMatch(/joint users.*items/);
  });
});

const optOut = {
  providerName: "株式会社ミナト・ライフスタイル",
  providerAddress: "東京都港区海岸1-1-1",
  providerRepresentative: "代表取締役社長 港 一郎",
  purposeStatement: "第三者への提供を利用目的とします",
  items: ["full_name", "address"],
  acquisitionMethod: "オンラインショップの会員登録",
  provisionMethod: "暗号化した電子ファイル",
  stopOnRequest: true,
  requestMethod: "Webフォーム",
  updateMethod: "毎月更新",
  notifiedAt: NOW as Date | null,
  ppcFiledAt: NOW,
  startsAt: d("2026-12-07"),
  announcedAt: NOW,
};

describe("opt-out notice versions", () => {
  it.each([
    { rule: "27(2) notified, filed, provision after 14 days", next: {}, existing: 0, want: [] },
    {
      rule: "27(2)(ii) without the third-party-provision purpose",
      next: { purposeStatement: "" },
      existing: 0,
      want: [["OPT_OUT_NOTICE_INCOMPLETE", "APPI art. 27(2)(ii)"]],
    },
    {
      rule: "27(2), Rules 11(1) without notifiedAt",
      next: { notifiedAt: null },
      existing: 0,
      want: [["NOT_NOTIFIED", "APPI art. 27(2); Rules art. 11(1)"]],
    },
    {
      rule: "Rules 11(1) a start before the waiting period ends",
      next: { startsAt: d("2026-12-01") },
      existing: 0,
      want: [["WAITING_PERIOD_TOO_SHORT", "Rules art. 11(1)"]],
    },
    {
      rule: "27(2) the first notice filed after provision starts",
      next: { ppcFiledAt: d("2026-12-08") },
      existing: 0,
      want: [["FILED_AFTER_START", "APPI art. 27(2)"]],
    },
    {
      rule: "27(3) a change filed after it applies",
      next: { ppcFiledAt: d("2026-12-08") },
      existing: 1,
      want: [["FILED_AFTER_START", "APPI art. 27(3)"]],
    },
  ])("art. $rule", ({ next, existing, want }) => {
    const before = existing
      ? [{ announcedAt: d("2025-01-10"), effectiveFrom: d("2025-02-15"), effectiveUntil: null }]
      : [];
    const outcomes = checkOptOutVersion({ ...optOut, ...next }, before, 14, NOW);
    expect(outcomes.map((o) => [o.code, o.rule])).toEqual(want);
  });

  it.each([
    { rule: "27(3) cessation filed with the PPC", filed: NOW, want: [] },
    {
      rule: "27(3) cessation without its filing",
      filed: null,
      want: [["CESSATION_NOT_FILED", "APPI art. 27(3)"]],
    },
  ])("art. $rule", ({ filed, want }) => {
    const current = { announcedAt: d("2025-01-10"), effectiveFrom: d("2025-02-15"), effectiveUntil: null };
    expect(checkOptOutCessation(current, NOW, filed, NOW).map((o) => [o.code, o.rule])).toEqual(want);
  });
});
