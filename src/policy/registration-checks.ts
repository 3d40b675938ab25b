/**
 * Rules for what compliance and admin staff may register about recipients and consents,
 * so the catalog never holds a notice, route or consent the provision rules would reject.
 */
import type { ChangeProblem } from "./catalog-changes.js";
import type { DataItemClass, ForeignRoute } from "./types.js";

// APPI art. 28(2), R17: a route A consent is given after the person was told, so the
// statement it rests on was published no later than the consent.
export function statementShownBeforeConsent(publishedAt: Date, givenAt: Date): boolean {
  return publishedAt.getTime() <= givenAt.getTime();
}

// APPI art. 28(1): a recipient abroad is registered with its route (A, B or C).
export function checkForeignRouteDeclared(country: string, route: ForeignRoute | null): ChangeProblem | null {
  return country !== "JP" && !route
    ? { rule: "APPI art. 28(1)", message: `A recipient in ${country} needs a foreign route (A, B or C).` }
    : null;
}

// APPI art. 27(2); CO 1: an opt-out notice lists only items opt-out may carry: no sensitive
// items, and no identification codes (the same line decideScope draws).
export function checkOptOutNoticeItems(
  items: readonly string[],
  classes: ReadonlyMap<string, DataItemClass>,
): ChangeProblem | null {
  const bad = items.filter((i) => {
    const cls = classes.get(i);
    return cls === undefined || cls === "SENSITIVE" || cls === "IDENTIFICATION_CODE";
  });
  return bad.length
    ? {
        rule: "APPI art. 27(2)",
        message: `Items unknown, sensitive or identification codes (never by opt-out): ${bad.join(", ")}.`,
      }
    : null;
}

export const CONFORMING_BASES = ["CONTRACT", "GROUP_RULES", "CBPR"] as const;

// APPI R16: a conforming system rests on a contract, group rules, or a certification (APEC CBPR).
export function checkConformingBasis(basis: string): ChangeProblem | null {
  return (CONFORMING_BASES as readonly string[]).includes(basis)
    ? null
    : { rule: "APPI R16", message: `basis must be one of ${CONFORMING_BASES.join(", ")}; got "${basis}".` };
}
