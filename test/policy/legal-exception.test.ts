/** Limits on the legal-exception channel (APPI art. 27(1)(i)-(vii), 17(1); house policy on size). */
import { describe, expect, it } from "vitest";
import { checkLegalException, MAX_LEGAL_EXCEPTION_PEOPLE } from "../../src/policy/legal-exception.js";

const base = {
  reference: "捜査関係事項照会書 第123号",
  personIds: ["C000001"],
  items: ["full_name"],
  knownItems: new Set(["full_name", "address"]),
};
const many = Array.from(
  { length: MAX_LEGAL_EXCEPTION_PEOPLE + 1 },
  (_, i) => `C${String(i).padStart(6, "0")}`,
);

describe("checkLegalException", () => {
  it.each([
    { rule: "a referenced request for named people and items", over: {}, expect: [] },
    {
      rule: "27(1) an exception without a reference",
      over: { reference: "  " },
      expect: [["EXCEPTION_REFERENCE_MISSING", "APPI art. 27(1)"]],
    },
    {
      rule: "house policy: no people named",
      over: { personIds: [] },
      expect: [["EXCEPTION_PEOPLE_OUT_OF_BOUNDS", "House policy: legal exceptions name 1 to 100 people"]],
    },
    {
      rule: "house policy: more than 100 people",
      over: { personIds: many },
      expect: [["EXCEPTION_PEOPLE_OUT_OF_BOUNDS", "House policy: legal exceptions name 1 to 100 people"]],
    },
    {
      rule: "17(1) an item that is not catalogued",
      over: { items: ["blood_type"] },
      expect: [["UNKNOWN_DATA_ITEM", "APPI art. 17(1)"]],
    },
    { rule: "17(1) no item", over: { items: [] }, expect: [["UNKNOWN_DATA_ITEM", "APPI art. 17(1)"]] },
  ])("$rule", ({ over, expect: expected }) => {
    expect(checkLegalException({ ...base, ...over }).map((p) => [p.code, p.rule])).toEqual(expected);
  });
});
