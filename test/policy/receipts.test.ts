/** Receiving data from third parties (APPI art. 30, R24-25) and telling recipients how data was acquired. */
import { describe, expect, it } from "vitest";
import {
  acquisitionAfterReceipt,
  checkReceipt,
  groupAcquisitions,
  type ReceiptDraft,
  receiptKeepUntil,
} from "../../src/policy/receipts.js";

const base: ReceiptDraft = {
  providerName: "Kanto List",
  providerAddress: "Saitama",
  providerRepresentative: "CEO",
  providerAcquisition: "Prize campaign entries",
  basis: "CONSENT",
  ppcPublication: null,
  items: ["full_name"],
  knownItems: new Set(["full_name", "address"]),
  personIds: ["C000001"],
};

describe("checkReceipt", () => {
  it.each([
    { rule: "a complete consent-based receipt", over: {}, articles: [] },
    {
      rule: "30(1)(i) the provider's address not confirmed",
      over: { providerAddress: " " },
      articles: ["APPI art. 30(1)(i)"],
    },
    {
      rule: "30(1)(ii) how the provider acquired it not confirmed",
      over: { providerAcquisition: "" },
      articles: ["APPI art. 30(1)(ii)"],
    },
    {
      rule: "R24(1) opt-out data without the PPC publication",
      over: { basis: "OPT_OUT" as const },
      articles: ["APPI R24(1); art. 27(4)"],
    },
    {
      rule: "R24(1) opt-out data with the PPC publication",
      over: { basis: "OPT_OUT" as const, ppcPublication: "PPC 2024-11-15" },
      articles: [],
    },
    { rule: "R24(1) an unknown item", over: { items: ["blood_type"] }, articles: ["APPI R24(1)"] },
    { rule: "R24(1) nobody named", over: { personIds: [] }, articles: ["APPI R24(1)"] },
  ])("$rule", ({ over, articles }) => {
    expect(checkReceipt({ ...base, ...over }).map((p) => p.rule)).toEqual(articles);
  });

  it("R25: kept three years", () => {
    expect(receiptKeepUntil(new Date("2026-11-23T00:00:00Z")).toISOString().slice(0, 10)).toBe("2029-11-23");
  });

  it.each([
    { current: "DIRECT" as const, basis: "OPT_OUT" as const, next: "BY_OPT_OUT" },
    { current: "DIRECT" as const, basis: "CONSENT" as const, next: "FROM_THIRD_PARTY_WITH_CONSENT" },
    { current: "BY_OPT_OUT" as const, basis: "CONSENT" as const, next: "BY_OPT_OUT" },
    { current: "IMPROPER" as const, basis: "CONSENT" as const, next: "IMPROPER" },
  ])("27(2): data held $current, received by $basis, is then held $next", ({ current, basis, next }) => {
    expect(acquisitionAfterReceipt(current, basis)).toBe(next);
  });
});

describe("groupAcquisitions (art. 30(1)(ii))", () => {
  it("groups a provision's people by how each was acquired, with the source and PPC publication", () => {
    const receipt = {
      id: "r1",
      providerName: "Kanto List",
      providerAddress: "Saitama",
      providerRepresentative: "CEO",
      providerAcquisition: "Prize campaign entries",
      basis: "OPT_OUT" as const,
      ppcPublication: "PPC 2024-11-15",
    };
    const groups = groupAcquisitions(
      [
        { method: "DIRECT", receipt: null },
        { method: "DIRECT", receipt: null },
        { method: "BY_OPT_OUT", receipt },
      ],
      { name: "Minato", address: "Tokyo", representative: "CEO", acquisition: "Online shop" },
    );
    expect(groups).toEqual([
      expect.objectContaining({
        method: "DIRECT",
        sourceName: "Minato",
        description: "Online shop",
        personCount: 2,
      }),
      expect.objectContaining({
        method: "BY_OPT_OUT",
        sourceName: "Kanto List",
        ppcPublication: "PPC 2024-11-15",
        personCount: 1,
      }),
    ]);
  });
});
