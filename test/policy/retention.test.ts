/** How long provision records are kept (APPI R21). */
import { describe, expect, it } from "vitest";
import { bulkRecordingProblem, keepUntil } from "../../src/policy/retention.js";

const d = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe("keepUntil (R21)", () => {
  it.each([
    {
      rule: "R21(1)(i) a contract with the person as the record: 1 year after the last provision",
      keeping: { kind: "CONTRACT" as const, lastProvisionAt: d("2026-11-23") },
      until: "2027-11-23",
    },
    {
      rule: "R21(1)(ii) a bulk record: 3 years after the last provision it covers",
      keeping: { kind: "BULK" as const, lastProvisionAt: d("2026-03-31") },
      until: "2029-03-31",
    },
    {
      rule: "R21(1)(iii) any other record: 3 years from the day it was made",
      keeping: { kind: "EACH" as const, recordedAt: d("2026-11-23") },
      until: "2029-11-23",
    },
    {
      rule: "R21(1)(iii) made on 29 February: kept to 1 March three years on",
      keeping: { kind: "EACH" as const, recordedAt: d("2028-02-29") },
      until: "2031-03-01",
    },
  ])("$rule", ({ keeping, until }) => {
    expect(keepUntil(keeping).toISOString().slice(0, 10)).toBe(until);
  });
});

describe("bulkRecordingProblem (R19(2))", () => {
  it.each([
    { basis: "THIRD_PARTY_CONSENT", article: null },
    { basis: "ENTRUSTEE", article: null },
    { basis: "OPT_OUT", article: "APPI R19(2)" },
  ])("bulk recording for $basis refused under: $article", ({ basis, article }) => {
    expect(bulkRecordingProblem(basis)?.rule ?? null).toBe(article);
  });
});
