/**
 * Which requested items a recipient may receive for a declared purpose: decided once per
 * operation, before any data is read. Person-level rules (consent, opt-out, suspension)
 * come on top of this in person-inclusion.ts.
 */
import { EQUIVALENT_COUNTRIES, HOME_COUNTRY } from "./foreign-countries.js";
import type {
  DataItemFacts,
  Denial,
  LegalBasis,
  PurposeFacts,
  RecipientFacts,
  RequestedField,
} from "./types.js";

export interface ScopeInput {
  recipient: RecipientFacts;
  purposeCode: string;
  /** The purpose as announced, or null when no purpose has that code. */
  purpose: PurposeFacts | null;
  /** The data item catalog, by code. */
  catalog: ReadonlyMap<string, DataItemFacts>;
  requested: readonly RequestedField[];
  now: Date;
}

export type ScopeDecision =
  { allowed: true; items: ReadonlySet<string> } | { allowed: false; denials: Denial[] };

/** Bases decided by this rule set; the others are refused until their rules exist (fail closed). */
const SCOPE_BASES: ReadonlySet<LegalBasis> = new Set(["ENTRUSTEE", "JOINT_USE"]);

/** The article that limits a basis to its contract or notice. */
export function basisArticle(basis: LegalBasis): string {
  switch (basis) {
    case "ENTRUSTEE":
      return "APPI art. 27(5)(i)"; // entrustment: only what the entrusted work needs
    case "JOINT_USE":
      return "APPI art. 27(5)(iii)"; // joint use: only the announced items and purposes
    case "SUCCESSION":
      return "APPI art. 27(5)(ii)";
    case "THIRD_PARTY_CONSENT":
      return "APPI art. 27(1)";
    case "OPT_OUT":
      return "APPI art. 27(2)";
    case "LEGAL_EXCEPTION":
      return "APPI art. 27(1)(i)-(vii)";
  }
}

function describe(recipient: RecipientFacts): string {
  return `recipient "${recipient.name}" (${recipient.legalBasis})`;
}

// APPI art. 27(5)(i)/(iii): the contract or notice period bounds the provision.
export function checkActive(recipient: RecipientFacts, now: Date): Denial | null {
  const started = recipient.activeFrom.getTime() <= now.getTime();
  const ended = recipient.activeUntil !== null && recipient.activeUntil.getTime() <= now.getTime();
  if (started && !ended) return null;
  return {
    code: "RECIPIENT_INACTIVE",
    rule: basisArticle(recipient.legalBasis),
    message: `${describe(recipient)} is outside its active period (${recipient.activeFrom.toISOString().slice(0, 10)} to ${recipient.activeUntil?.toISOString().slice(0, 10) ?? "open"}): no provision.`,
  };
}

// APPI art. 28(1): abroad, 27(5) treatment stands only under route B (R15) or C (R16).
export function checkForeignRoute(recipient: RecipientFacts): Denial | null {
  if (recipient.country === HOME_COUNTRY) return null;
  if (recipient.foreignRoute === "EQUIVALENT_COUNTRY" && EQUIVALENT_COUNTRIES.has(recipient.country))
    return null;
  if (recipient.foreignRoute === "CONFORMING_SYSTEM") return null;
  return {
    code: "FOREIGN_ROUTE_REQUIRED",
    rule: "APPI art. 28(1)",
    message: `${describe(recipient)} is in ${recipient.country}: without route B (equivalent country) or C (conforming system) a provision abroad needs the person's consent under art. 28(1).`,
  };
}

// APPI art. 17-18: a purpose must be one the company announced, and one this recipient's
// contract or notice covers (27(5)(i)/(iii)).
export function checkPurpose(input: ScopeInput): Denial | null {
  const { recipient, purposeCode, purpose } = input;
  if (!purpose) {
    return {
      code: "UNKNOWN_PURPOSE",
      rule: "APPI art. 17(1)",
      message: `Purpose "${purposeCode}" is not an announced purpose of use.`,
    };
  }
  if (!recipient.purposes.includes(purpose.code)) {
    return {
      code: "PURPOSE_NOT_PERMITTED",
      rule: basisArticle(recipient.legalBasis),
      message: `Purpose "${purpose.code}" is not covered by the contract or notice of ${describe(recipient)}; its purposes are: ${recipient.purposes.join(", ") || "none"}.`,
    };
  }
  return null;
}

// APPI art. 18(1) and 27(5): every item must be known, within the purpose, and within the
// recipient's scope for that purpose.
export function checkItem(input: ScopeInput, field: RequestedField): Denial | null {
  const { recipient, purpose, catalog } = input;
  if (!purpose) return null;
  if (field.item === null || !catalog.has(field.item)) {
    return {
      code: "UNKNOWN_DATA_ITEM",
      rule: "APPI art. 17(1)",
      path: field.path,
      message: `Field "${field.path}" is not a catalogued data item${field.item ? ` ("${field.item}")` : ""}: refused.`,
    };
  }
  if (!purpose.items.includes(field.item)) {
    return {
      code: "ITEM_OUTSIDE_PURPOSE",
      rule: "APPI art. 18(1)",
      path: field.path,
      item: field.item,
      message: `Field "${field.path}" (data item "${field.item}") is not used by purpose "${purpose.code}".`,
    };
  }
  const scope = recipient.items.get(purpose.code);
  if (!scope?.has(field.item)) {
    return {
      code: "ITEM_NOT_IN_SCOPE",
      rule: basisArticle(recipient.legalBasis),
      path: field.path,
      item: field.item,
      message: `Field "${field.path}" (data item "${field.item}") is not provided to ${describe(recipient)} for purpose "${purpose.code}"; its items for that purpose are: ${[...(scope ?? [])].sort().join(", ") || "none"}.`,
    };
  }
  return null;
}

export function decideScope(input: ScopeInput): ScopeDecision {
  const { recipient } = input;
  const denials: Denial[] = [];
  const push = (d: Denial | null) => d && denials.push(d);

  push(checkActive(recipient, input.now));
  if (!SCOPE_BASES.has(recipient.legalBasis)) {
    denials.push({
      code: "BASIS_NOT_AVAILABLE",
      rule: basisArticle(recipient.legalBasis),
      message: `Provision on the basis ${recipient.legalBasis} is not enabled for partner queries: refused.`,
    });
  }
  push(checkForeignRoute(recipient));
  push(checkPurpose(input));
  if (denials.length === 0) {
    for (const field of input.requested) push(checkItem(input, field));
  }
  if (denials.length > 0) return { allowed: false, denials };
  return { allowed: true, items: new Set(input.requested.map((f) => f.item as string)) };
}
