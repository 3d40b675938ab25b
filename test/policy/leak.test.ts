/** When a leak must be reported (APPI art. 26(1), Rules art. 7) and the final report's deadline (R8(2)). */
import { describe, expect, it } from "vitest";
import { assessLeak, type LeakFacts } from "../../src/policy/leak.js";

const base: LeakFacts = {
  people: 10,
  items: ["full_name", "address"],
  classes: new Map([
    ["full_name", "ORDINARY"],
    ["address", "ORDINARY"],
    ["medical_note", "SENSITIVE"],
    ["card_number", "ORDINARY"],
  ]),
  financialItems: new Set(["card_number"]),
  improperPurpose: false,
};

describe("assessLeak", () => {
  it.each([
    { rule: "ten people's names and addresses: not reportable", over: {}, articles: [], days: null },
    {
      rule: "R7(i) sensitive data",
      over: { items: ["medical_note"] },
      articles: ["APPI art. 26(1); R7(i)"],
      days: 30,
    },
    {
      rule: "R7(ii) a card number",
      over: { items: ["card_number"] },
      articles: ["APPI art. 26(1); R7(ii)"],
      days: 30,
    },
    {
      rule: "R7(iii) an attack: final report in 60 days",
      over: { improperPurpose: true },
      articles: ["APPI art. 26(1); R7(iii)"],
      days: 60,
    },
    {
      rule: "R7(iv) 1,000 people exactly is not over the threshold",
      over: { people: 1000 },
      articles: [],
      days: null,
    },
    { rule: "R7(iv) 1,001 people", over: { people: 1001 }, articles: ["APPI art. 26(1); R7(iv)"], days: 30 },
  ])("$rule", ({ over, articles, days }) => {
    const a = assessLeak({ ...base, ...over });
    expect(a.grounds.map((g) => g.rule)).toEqual(articles);
    expect(a.reportable).toBe(articles.length > 0);
    expect(a.finalReportDays).toBe(days);
  });
});
