/** Correction, addition and deletion (APPI art. 34): what can be taken up, states, notice, who to tell. */
import { describe, expect, it } from "vitest";
import {
  checkCorrectionRequest,
  checkCorrectionTransition,
  type CorrectionDraft,
  correctionNotice,
  recipientsToNotify,
} from "../../src/policy/correction.js";

const base: CorrectionDraft = {
  kind: "CORRECTION",
  itemCode: "address",
  requestedValue: "港区海岸1-1-1",
  held: true,
  nullable: false,
  isDate: false,
};

describe("checkCorrectionRequest", () => {
  it.each([
    { rule: "a correction of a held item with its value", over: {}, article: null },
    {
      rule: "34(1) an item we do not hold",
      over: { itemCode: "blood_type", held: false },
      article: "APPI art. 34(1)",
    },
    {
      rule: "34(1) a correction without the right content",
      over: { requestedValue: " " },
      article: "APPI art. 34(1)",
    },
    {
      rule: "34(1) a birth date that is not a date",
      over: { itemCode: "birth_date", isDate: true, requestedValue: "昭和" },
      article: "APPI art. 34(1)",
    },
    {
      rule: "34(2) deleting an item the purposes need",
      over: { kind: "DELETION" as const, requestedValue: null },
      article: "APPI art. 34(2)",
    },
    {
      rule: "34(1) deleting an optional item",
      over: { kind: "DELETION" as const, itemCode: "medical_note", nullable: true, requestedValue: null },
      article: null,
    },
    {
      rule: "house policy: the customer number is not corrected",
      over: { itemCode: "customer_id" },
      article: "House policy: the customer number identifies the record",
    },
  ])("$rule", ({ over, article }) => {
    expect(checkCorrectionRequest({ ...base, ...over })[0]?.rule ?? null).toBe(article);
  });

  it.each([
    { from: "RECEIVED" as const, to: "CORRECTED" as const, article: "APPI art. 37" },
    { from: "VERIFIED" as const, to: "CORRECTED" as const, article: null },
    { from: "REFUSED" as const, to: "CORRECTED" as const, article: "APPI art. 34(3)" },
    { from: "RECEIVED" as const, to: "REFUSED" as const, article: null },
  ])("$from -> $to refused under: $article", ({ from, to, article }) => {
    expect(checkCorrectionTransition(from, to)?.rule ?? null).toBe(article);
  });

  it("34(3), 36: the notice says what was done, or why not, in Japanese and English", () => {
    const done = correctionNotice(
      { kind: "CORRECTION", itemCode: "address", requestedValue: "x" },
      true,
      "確認済み",
    );
    expect(done.ja).toContain("第34条第3項");
    expect(done.en).toContain("APPI art. 34(3)");
    const refused = correctionNotice(
      { kind: "DELETION", itemCode: "email", requestedValue: null },
      false,
      "契約に必要",
    );
    expect(refused.ja).toContain("第36条");
    expect(refused.en).toContain("Reason: 契約に必要");
  });

  it("lists each recipient that received the item, once, latest first", () => {
    const at = (d: string) => new Date(`${d}T00:00:00Z`);
    expect(
      recipientsToNotify(
        [
          {
            recipientId: "a",
            recipientSnapshot: { name: "A", address: "Tokyo" },
            at: at("2026-01-01"),
            personItems: ["address"],
          },
          {
            recipientId: "b",
            recipientSnapshot: { name: "B" },
            at: at("2026-02-01"),
            personItems: ["full_name"],
          },
          {
            recipientId: "a",
            recipientSnapshot: { name: "A", address: "Tokyo" },
            at: at("2026-03-01"),
            personItems: ["address"],
          },
        ],
        "address",
      ),
    ).toEqual([
      { recipientId: "a", name: "A", address: "Tokyo", provisions: 2, lastProvidedAt: at("2026-03-01") },
    ]);
  });
});
