/** Stop of use, erasure and stop of provision (APPI art. 35). */
import { describe, expect, it } from "vitest";
import {
  checkStopDecision,
  checkStopRequest,
  checkStopTransition,
  type StopDraft,
  stopNotice,
} from "../../src/policy/stop-request.js";

const base: StopDraft = {
  kind: "STOP_PROVISION",
  ground: "BREACH_27_28",
  purposeCode: null,
  recipientId: "r",
  items: [],
  purposeExists: true,
  recipientExists: true,
  heldItems: new Set(["email", "medical_note"]),
  erasableItems: new Set(["medical_note"]),
};

describe("stop requests (art. 35)", () => {
  it.each([
    { rule: "35(3) a stop of provision made in breach of 27(1)/28", over: {}, article: null },
    {
      rule: "35(3) a breach of 27 does not ground a stop of use",
      over: { kind: "STOP_USE" as const },
      article: "APPI art. 35(3)",
    },
    {
      rule: "35(1) a breach of 18-20 does not ground a stop of provision",
      over: { ground: "BREACH_18_19_20" as const },
      article: "APPI art. 35(1)",
    },
    {
      rule: "35(5) no longer needed grounds an erasure",
      over: { kind: "ERASURE" as const, ground: "NO_LONGER_NEEDED" as const, items: ["medical_note"] },
      article: null,
    },
    {
      rule: "35(1) an erasure of an item not held",
      over: { kind: "ERASURE" as const, ground: "RIGHTS_HARMED" as const, items: ["blood_type"] },
      article: "APPI art. 35(1)",
    },
    {
      rule: "35(3) a stop naming an unknown recipient",
      over: { recipientExists: false },
      article: "APPI art. 35(3)",
    },
  ])("$rule", ({ over, article }) => {
    expect(checkStopRequest({ ...base, ...over })[0]?.rule ?? null).toBe(article);
  });

  it.each([
    { rule: "a granted stop with its reason", d: { grant: true, alternativeMeasures: null }, article: null },
    {
      rule: "35(2), (4), (6) a declined stop without alternative measures",
      d: { grant: false, alternativeMeasures: " " },
      article: "APPI art. 35(2), (4), (6)",
    },
    {
      rule: "35(2), (4), (6) a declined stop with alternative measures",
      d: { grant: false, alternativeMeasures: "Marketing flag set" },
      article: null,
    },
    {
      rule: "35(2) erasing an item the record cannot be without",
      d: { grant: true, alternativeMeasures: null, kind: "ERASURE" as const, items: ["email"] },
      article: "APPI art. 35(2)",
    },
    {
      rule: "35(7) no reason for the person",
      d: { grant: true, alternativeMeasures: null, reason: "" },
      article: "APPI art. 35(7)",
    },
  ])("$rule", ({ d, article }) => {
    expect(
      checkStopDecision({
        reason: "r",
        kind: "STOP_USE",
        items: [],
        erasableItems: new Set(["medical_note"]),
        ...d,
      })?.rule ?? null,
    ).toBe(article);
  });

  it.each([
    { from: "RECEIVED" as const, to: "GRANTED" as const, article: "APPI art. 37" },
    { from: "VERIFIED" as const, to: "GRANTED" as const, article: null },
    { from: "GRANTED" as const, to: "REFUSED" as const, article: "APPI art. 35(7)" },
  ])("$from -> $to refused under: $article", ({ from, to, article }) => {
    expect(checkStopTransition(from, to)?.rule ?? null).toBe(article);
  });

  it("35(7), 36: a declined stop tells the person why and what is done instead, in Japanese and English", () => {
    const n = stopNotice("STOP_USE", false, "法令上の保存義務", "マーケティングには利用しません");
    expect(n.ja).toContain("第35条第7項");
    expect(n.ja).toContain("マーケティングには利用しません");
    expect(n.en).toContain("art. 36");
  });
});
