/**
 * Rules for what compliance and admin staff may register about recipients and consents,
 * so the catalog never holds a notice, route or consent the provision rules would reject.
 * Resolvers look the facts up and call these; existence of rows is their business.
 */
import { latestNextCheck } from "./notices.js";
import type { RuleOutcome } from "./outcome.js";
import type { DataItemClass, ForeignRoute, LegalBasis } from "./types.js";

// APPI art. 28(2), R17: a route A consent is given after the person was told, so the
// statement it rests on was published no later than the consent.
export function statementShownBeforeConsent(publishedAt: Date, givenAt: Date): boolean {
  return publishedAt.getTime() <= givenAt.getTime();
}

// APPI art. 28(1): a recipient abroad is registered with its route (A, B or C).
export function checkForeignRouteDeclared(country: string, route: ForeignRoute | null): RuleOutcome | null {
  return country !== "JP" && !route
    ? {
        code: "FOREIGN_ROUTE_REQUIRED",
        rule: "APPI art. 28(1)",
        message: `A recipient in ${country} needs a foreign route (A, B or C).`,
      }
    : null;
}

// APPI art. 27(2): an opt-out notice lists only items opt-out may carry: no sensitive items.
// Identification codes are kept out too: house policy, the same line decideScope draws.
export function checkOptOutNoticeItems(
  items: readonly string[],
  classes: ReadonlyMap<string, DataItemClass>,
): RuleOutcome | null {
  const unknown = items.filter((i) => !classes.has(i));
  if (unknown.length)
    return {
      code: "UNKNOWN_DATA_ITEM",
      rule: "APPI art. 17(1)",
      message: `Items unknown: ${unknown.join(", ")}.`,
    };
  const myNumber = items.filter((i) => classes.get(i) === "MY_NUMBER");
  if (myNumber.length)
    return {
      code: "MY_NUMBER_NOT_ALLOWED",
      rule: "My Number Act art. 19-20",
      message: `Individual numbers are never provided by opt-out: ${myNumber.join(", ")}.`,
    };
  const sensitive = items.filter((i) => classes.get(i) === "SENSITIVE");
  if (sensitive.length)
    return {
      code: "SENSITIVE_BY_OPT_OUT",
      rule: "APPI art. 27(2)",
      message: `Sensitive items are never provided by opt-out: ${sensitive.join(", ")}.`,
    };
  const codes = items.filter((i) => classes.get(i) === "IDENTIFICATION_CODE");
  if (codes.length)
    return {
      code: "IDENTIFICATION_CODE_BY_OPT_OUT",
      rule: IDENTIFICATION_CODE_POLICY,
      message: `Identification codes are not provided by opt-out: ${codes.join(", ")}.`,
    };
  return null;
}

/** Stricter than the Act (which allows it): codes leave only with a consent naming them. */
export const IDENTIFICATION_CODE_POLICY = "House policy (stricter than APPI art. 27(2)); CO 1";

// My Number Act art. 19-20: only an entrustee can do My Number tasks for the company.
export function checkMyNumberTasks(basis: LegalBasis, myNumberTasks: boolean): RuleOutcome | null {
  return myNumberTasks && basis !== "ENTRUSTEE"
    ? {
        code: "MY_NUMBER_NOT_ALLOWED",
        rule: "My Number Act art. 19-20",
        message: `Only an entrustee may be flagged for My Number tasks, not a ${basis} recipient.`,
      }
    : null;
}

export const CONFORMING_BASES = ["CONTRACT", "GROUP_RULES", "CBPR"] as const;

// APPI R16: a conforming system rests on a contract, group rules, or a certification (APEC CBPR).
export function checkConformingBasis(basis: string): RuleOutcome | null {
  return (CONFORMING_BASES as readonly string[]).includes(basis)
    ? null
    : {
        code: "UNKNOWN_CONFORMING_BASIS",
        rule: "APPI R16",
        message: `basis must be one of ${CONFORMING_BASES.join(", ")}; got "${basis}".`,
      };
}

// A notice belongs to a recipient of its basis: opt-out (27(2)), joint use (27(5)(iii)).
export function checkNoticeBasis(
  notice: "OPT_OUT" | "JOINT_USE",
  recipientId: string,
  basis: LegalBasis,
): RuleOutcome | null {
  if (basis === notice) return null;
  return {
    code: "WRONG_LEGAL_BASIS",
    rule: notice === "OPT_OUT" ? "APPI art. 27(2)" : "APPI art. 27(5)(iii)",
    message: `Recipient "${recipientId}" is ${basis}, not ${notice}.`,
  };
}

// APPI art. 27(5)(iii): a joint-use notice names the items and purposes of the joint use.
export function checkJointUseNoticeScope(
  items: readonly string[],
  purposes: readonly string[],
): RuleOutcome | null {
  return items.length === 0 || purposes.length === 0
    ? {
        code: "JOINT_USE_NOTICE_INCOMPLETE",
        rule: "APPI art. 27(5)(iii)",
        message: "A joint-use notice names its items and purposes.",
      }
    : null;
}

export interface ForeignStatementDraft {
  recipientId: string;
  recipientCountry: string;
  country: string | null;
  countryUnknownReason: string | null;
  substituteInformation?: string | null;
}

// APPI art. 28(2): only a recipient abroad has a statement; R17(3): an unknown country is said to be unknown, with why.
export function checkForeignStatement(s: ForeignStatementDraft): RuleOutcome | null {
  if (s.recipientCountry === "JP")
    return {
      code: "RECIPIENT_AT_HOME",
      rule: "APPI art. 28(2)",
      message: `Recipient "${s.recipientId}" is in Japan: no foreign statement.`,
    };
  if (!s.country && !s.countryUnknownReason?.trim())
    return {
      code: "COUNTRY_UNKNOWN_WITHOUT_REASON",
      rule: "APPI R17(3)",
      message: "Without a country, say why it is unknown.",
    };
  if (!s.country && !s.substituteInformation?.trim())
    return {
      code: "SUBSTITUTE_INFORMATION_MISSING",
      rule: "APPI R17(3)-(4)",
      message:
        "Without a country, give what can be told instead (e.g. the candidate countries, or the recipient's measures and how they will be confirmed).",
    };
  return null;
}

export interface ConformingCheckDraft {
  recipientId: string;
  foreignRoute: ForeignRoute | null;
  basis: string;
  checkedAt: Date;
  nextCheckDue: Date;
}

// APPI art. 28(3), R18: only a route C recipient is checked, on a named basis (R16), and the
// next check is dated after this one.
export function checkConformingCheck(c: ConformingCheckDraft): RuleOutcome | null {
  if (c.foreignRoute !== "CONFORMING_SYSTEM")
    return {
      code: "NOT_ROUTE_C",
      rule: "APPI art. 28(3)",
      message: `Recipient "${c.recipientId}" is not on route C.`,
    };
  const basis = checkConformingBasis(c.basis);
  if (basis) return basis;
  if (c.nextCheckDue.getTime() <= c.checkedAt.getTime())
    return {
      code: "NEXT_CHECK_NOT_AFTER",
      rule: "APPI R18(1)",
      message: "nextCheckDue must follow checkedAt.",
    };
  if (c.nextCheckDue.getTime() > latestNextCheck(c.checkedAt).getTime())
    return {
      code: "CHECK_INTERVAL_TOO_LONG",
      rule: "APPI R18(1)",
      message:
        "A conforming system is checked at least once a year: nextCheckDue is at most a year after checkedAt.",
    };
  return null;
}

export interface ConsentDraft {
  recipientId: string | null;
  recipientGroup: string | null;
  purposeCode: string;
  /** The purpose's items as announced, or null when no purpose has that code. */
  purposeItems: readonly string[] | null;
  allItems: boolean;
  items: readonly string[];
  givenAt: Date;
  /** Item classes: a consent cannot cover an individual number. */
  classes?: ReadonlyMap<string, DataItemClass>;
  /** The route A statement named, if any: null when named but not found. */
  statement?: { recipientId: string; publishedAt: Date } | null;
}

// APPI art. 27(1), 28(2), R17: a consent names one recipient or group, an announced purpose,
// items within it; a route A consent rests on that recipient's statement, shown before it.
export function checkConsentRegistration(c: ConsentDraft): RuleOutcome[] {
  const problems: RuleOutcome[] = [];
  if (!c.recipientId === !c.recipientGroup)
    problems.push({
      code: "CONSENT_RECIPIENT_UNCLEAR",
      rule: "APPI art. 27(1)",
      message: "Give exactly one of recipientId and recipientGroup.",
    });
  if (c.purposeItems === null)
    return [
      ...problems,
      {
        code: "UNKNOWN_PURPOSE",
        rule: "APPI art. 17(1)",
        message: `Purpose "${c.purposeCode}" does not exist.`,
      },
    ];
  if (!c.allItems && c.items.length === 0)
    problems.push({
      code: "CONSENT_WITHOUT_ITEMS",
      rule: "APPI art. 27(1)",
      message: "A consent names its items, or sets allItems.",
    });
  const outside = c.items.filter((i) => !c.purposeItems?.includes(i));
  if (outside.length)
    problems.push({
      code: "ITEM_OUTSIDE_PURPOSE",
      rule: "APPI art. 18(1)",
      message: `Items not used by purpose "${c.purposeCode}": ${outside.join(", ")}.`,
    });
  const myNumber = c.items.filter((i) => c.classes?.get(i) === "MY_NUMBER");
  if (myNumber.length)
    problems.push({
      code: "MY_NUMBER_NOT_ALLOWED",
      rule: "My Number Act art. 19-20",
      message: `A consent does not make providing an individual number lawful: ${myNumber.join(", ")}.`,
    });
  if (c.statement === null || (c.statement && c.statement.recipientId !== c.recipientId))
    problems.push({
      code: "FOREIGN_STATEMENT_OF_ANOTHER_RECIPIENT",
      rule: "APPI art. 28(2)",
      message: `The foreign statement is not one of recipient "${c.recipientId ?? c.recipientGroup}".`,
    });
  else if (c.statement && !statementShownBeforeConsent(c.statement.publishedAt, c.givenAt))
    problems.push({
      code: "FOREIGN_STATEMENT_AFTER_CONSENT",
      rule: "APPI R17(2)",
      message: "The foreign statement was published after the consent: it cannot have been shown.",
    });
  return problems;
}
