/** What staff may register about recipients and consents (APPI art. 27(2), 28, R16, R17). */
import { describe, expect, it } from "vitest";
import {
  checkConformingBasis,
  checkForeignRouteDeclared,
  checkOptOutNoticeItems,
  statementShownBeforeConsent,
} from "../../src/policy/registration-checks.js";
import type { DataItemClass } from "../../src/policy/types.js";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const classes = new Map<string, DataItemClass>([
  ["full_name", "ORDINARY"],
  ["medical_note", "SENSITIVE"],
  ["licence", "IDENTIFICATION_CODE"],
]);

describe("registration checks", () => {
  it.each([
    {
      rule: "R17 a consent after the statement was published rests on it",
      published: "2025-10-01",
      given: "2025-11-01",
      ok: true,
    },
    {
      rule: "R17 a consent on the day of publication rests on it",
      published: "2025-10-01",
      given: "2025-10-01",
      ok: true,
    },
    {
      rule: "R17 a consent before publication cannot rest on it",
      published: "2025-10-01",
      given: "2025-09-30",
      ok: false,
    },
  ])("$rule", ({ published, given, ok }) => {
    expect(statementShownBeforeConsent(d(published), d(given))).toBe(ok);
  });

  it.each([
    { rule: "28(1) a recipient at home needs no route", country: "JP", route: null, ok: true },
    { rule: "28(1) a recipient abroad without a route is refused", country: "US", route: null, ok: false },
    {
      rule: "28(1) a recipient abroad with route A is accepted",
      country: "US",
      route: "CONSENT" as const,
      ok: true,
    },
  ])("$rule", ({ country, route, ok }) => {
    expect(checkForeignRouteDeclared(country, route) === null).toBe(ok);
  });

  it.each([
    { rule: "27(2) a notice of ordinary items", items: ["full_name"], ok: true },
    { rule: "27(2) a notice listing a sensitive item", items: ["full_name", "medical_note"], ok: false },
    { rule: "27(2); CO 1 a notice listing an identification code", items: ["licence"], ok: false },
    { rule: "27(2) a notice listing an unknown item", items: ["blood_type"], ok: false },
  ])("$rule", ({ items, ok }) => {
    expect(checkOptOutNoticeItems(items, classes) === null).toBe(ok);
  });

  it.each([
    { basis: "CBPR", ok: true },
    { basis: "CONTRACT", ok: true },
    { basis: "GROUP_RULES", ok: true },
    { basis: "HANDSHAKE", ok: false },
  ])("R16 a conforming system on $basis accepted: $ok", ({ basis, ok }) => {
    expect(checkConformingBasis(basis) === null).toBe(ok);
  });
});
