/** Which paragraph of art. 35 a stop rests on, and which grounds fit which stop. */
import { describe, expect, it } from "vitest";
import { checkStopGround, stopArticle } from "../../src/policy/stop-grounds.js";

describe("stop grounds (art. 35)", () => {
  it.each([
    { scope: "USE_FOR_PURPOSE" as const, ground: "BREACH_18_19_20", article: "APPI art. 35(1)" },
    { scope: "THIRD_PARTY_PROVISION" as const, ground: "BREACH_27_28", article: "APPI art. 35(3)" },
    { scope: "THIRD_PARTY_PROVISION" as const, ground: "LEAK", article: "APPI art. 35(5)" },
    { scope: "USE_FOR_PURPOSE" as const, ground: "RIGHTS_HARMED", article: "APPI art. 35(5)" },
    { scope: "THIRD_PARTY_PROVISION" as const, ground: null, article: "APPI art. 35(5)" },
    { scope: "USE_FOR_PURPOSE" as const, ground: null, article: "APPI art. 35(1)" },
  ])("a stop of $scope on $ground rests on $article", ({ scope, ground, article }) => {
    expect(stopArticle(scope, ground)).toBe(article);
  });

  it.each([
    { scope: "USE_FOR_PURPOSE" as const, ground: "BREACH_27_28" as const, article: "APPI art. 35(3)" },
    {
      scope: "THIRD_PARTY_PROVISION" as const,
      ground: "BREACH_18_19_20" as const,
      article: "APPI art. 35(1)",
    },
    { scope: "THIRD_PARTY_PROVISION" as const, ground: "NO_LONGER_NEEDED" as const, article: null },
  ])("ground $ground for a stop of $scope refused under: $article", ({ scope, ground, article }) => {
    expect(checkStopGround(scope, ground)?.rule ?? null).toBe(article);
  });
});
