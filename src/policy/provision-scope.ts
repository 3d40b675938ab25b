/**
 * Which requested items a recipient may receive for a declared purpose, and what each
 * person must then satisfy: decided once per operation, before any data is read.
 * The per-person part is person-inclusion.ts.
 */
import { EQUIVALENT_COUNTRIES, HOME_COUNTRY } from "./foreign-countries.js";
import {
  type ConformingCheckFacts,
  checkConformingSystem,
  checkInForce,
  checkJointUseNotice,
  checkOptOutNotice,
  type JointUseNoticeFacts,
  type OptOutNoticeFacts,
} from "./notices.js";
import type { RuleOutcome } from "./outcome.js";
import { IDENTIFICATION_CODE_POLICY } from "./registration-checks.js";
import type {
  DataItemFacts,
  Denial,
  LegalBasis,
  ProvisionGround,
  PurposeFacts,
  RecipientFacts,
  RecordKind,
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
  optOutNotice?: OptOutNoticeFacts | null;
  jointUseNotice?: JointUseNoticeFacts | null;
  /** The recipient's conforming-system checks (route C); the one in force at `now` decides. */
  conformingChecks?: readonly ConformingCheckFacts[];
}

/** What every person in the provision must satisfy, and what the provision records. */
export interface PersonRule {
  ground: ProvisionGround;
  /** A per-person consent covering the items is needed (27(1), or 28(1) route A). */
  consent: "NONE" | "DOMESTIC" | "FOREIGN";
  /** Opt-out requests and opt-out-acquired data exclude people (27(2)). */
  optOut: boolean;
  /** The recipient's confirmation of consent to link referable items is needed (31). */
  referableConfirmation: boolean;
  records: RecordKind[];
}

export type ScopeDecision =
  | (RuleOutcome<"PROVISION_ALLOWED"> & { allowed: true; items: ReadonlySet<string>; personRule: PersonRule })
  | { allowed: false; denials: Denial[] };

/** The article a decided ground rests on (what an allowed decision cites). */
export function groundArticle(ground: ProvisionGround): string {
  switch (ground) {
    case "ENTRUSTMENT":
      return "APPI art. 27(5)(i)";
    case "JOINT_USE":
      return "APPI art. 27(5)(iii)";
    case "SUCCESSION":
      return "APPI art. 27(5)(ii)";
    case "CONSENT":
      return "APPI art. 27(1)";
    case "FOREIGN_CONSENT":
      return "APPI art. 28(1)";
    case "OPT_OUT":
      return "APPI art. 27(2)";
    case "LEGAL_EXCEPTION":
      return "APPI art. 27(1)(i)-(vii)";
  }
}

/** The article that limits a basis. */
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

// APPI art. 27(5)(i); PPC Q&A 7-42: an entrustee that matches the entrusted data with data
// it holds itself goes beyond the entrusted work: that is a provision to a third party, which
// needs the consent basis (abroad, route A).
export function checkEntrustment(recipient: RecipientFacts): Denial | null {
  if (recipient.legalBasis !== "ENTRUSTEE" || !recipient.linksReferableData) return null;
  return {
    code: "ENTRUSTEE_LINKS_DATA",
    rule: "APPI art. 27(5)(i); PPC Q&A 7-42",
    message: `${describe(recipient)} links the data it receives with data it holds: that is not entrustment but a third-party provision, which needs the person's consent (art. 27(1); abroad, route A of art. 28(1)).`,
  };
}

export type ForeignTreatment = "HOME" | "ROUTE_A_CONSENT";

// APPI art. 28(1): abroad, Art. 27 applies as at home only under route B (R15) or C (R16);
// otherwise the person's consent to provision abroad (route A) is needed.
export function foreignTreatment(
  recipient: RecipientFacts,
  check: ConformingCheckFacts | null,
  now: Date,
): ForeignTreatment | Denial {
  if (recipient.country === HOME_COUNTRY) return "HOME";
  if (recipient.foreignRoute === "EQUIVALENT_COUNTRY" && EQUIVALENT_COUNTRIES.has(recipient.country))
    return "HOME";
  if (recipient.foreignRoute === "CONFORMING_SYSTEM") return checkConformingSystem(check, now) ?? "HOME";
  if (recipient.foreignRoute === "CONSENT") return "ROUTE_A_CONSENT";
  return {
    code: "FOREIGN_ROUTE_REQUIRED",
    rule: "APPI art. 28(1)",
    message: `${describe(recipient)} is in ${recipient.country}: without route B (equivalent country, ${recipient.foreignRoute === "EQUIVALENT_COUNTRY" ? `${recipient.country} is not on the list` : "not claimed"}) or C (conforming system), provision abroad needs route A consent.`,
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

// APPI art. 18(1) and 27: every item must be known, within the purpose, and within the
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

// APPI art. 27(2): opt-out never carries sensitive data. Identification codes (CO 1) leave
// only with explicit consent: house policy, stricter than the Act.
export function checkOptOutItems(input: ScopeInput): Denial[] {
  const denials: Denial[] = [];
  for (const field of input.requested) {
    const cls = field.item ? input.catalog.get(field.item)?.class : undefined;
    if (cls === "SENSITIVE") {
      denials.push({
        code: "SENSITIVE_BY_OPT_OUT",
        rule: "APPI art. 27(2)",
        path: field.path,
        item: field.item ?? undefined,
        message: `Field "${field.path}" is sensitive (要配慮個人情報): never provided by opt-out.`,
      });
    } else if (cls === "IDENTIFICATION_CODE") {
      denials.push({
        code: "IDENTIFICATION_CODE_BY_OPT_OUT",
        rule: IDENTIFICATION_CODE_POLICY,
        path: field.path,
        item: field.item ?? undefined,
        message: `Field "${field.path}" is an individual identification code: provided only with explicit consent, never by opt-out.`,
      });
    }
  }
  return denials;
}

/** The My Number Act, not the APPI, forbids this provision; consent does not make it lawful. */
export const MY_NUMBER_RULE = "My Number Act art. 19-20";

// My Number Act art. 19-20: an individual number is provided only for the statutory tasks,
// i.e. to an entrustee doing them at home (or under route B/C); never on consent or opt-out.
export function checkMyNumberItems(input: ScopeInput, foreign: ForeignTreatment | Denial): Denial[] {
  const { recipient } = input;
  const lawful =
    recipient.legalBasis === "ENTRUSTEE" && recipient.myNumberTasks === true && foreign === "HOME";
  if (lawful) return [];
  return input.requested
    .filter((f) => f.item !== null && input.catalog.get(f.item)?.class === "MY_NUMBER")
    .map((f) => ({
      code: "MY_NUMBER_NOT_ALLOWED" as const,
      rule: MY_NUMBER_RULE,
      path: f.path,
      item: f.item ?? undefined,
      message: `Field "${f.path}" is an individual number (個人番号): provided only to an entrustee doing My Number tasks, never to ${describe(recipient)}.`,
    }));
}

const HOME_GROUND: Record<Exclude<LegalBasis, "LEGAL_EXCEPTION">, ProvisionGround> = {
  ENTRUSTEE: "ENTRUSTMENT",
  JOINT_USE: "JOINT_USE",
  SUCCESSION: "SUCCESSION",
  THIRD_PARTY_CONSENT: "CONSENT",
  OPT_OUT: "OPT_OUT",
};

export function decideScope(input: ScopeInput): ScopeDecision {
  const { recipient, now } = input;
  const denials: Denial[] = [];
  const push = (d: Denial | null) => d && denials.push(d);
  const basis = recipient.legalBasis;

  push(checkActive(recipient, now));
  if (basis === "LEGAL_EXCEPTION") {
    denials.push({
      code: "BASIS_NOT_AVAILABLE",
      rule: basisArticle(basis),
      message:
        "Legal-exception provisions are made by compliance staff through provideUnderLegalException, not by partner queries.",
    });
    return { allowed: false, denials };
  }
  push(checkEntrustment(recipient));
  const foreign = foreignTreatment(recipient, checkInForce(input.conformingChecks ?? [], now), now);
  if (typeof foreign !== "string") denials.push(foreign);
  // APPI art. 28(1) with 27(2): opt-out abroad is lawful under route B, or route C while its
  // checks hold (foreignTreatment above); only route A (consent) cannot carry it.
  push(checkPurpose(input));
  if (denials.length > 0) return { allowed: false, denials };

  // APPI art. 17(1), 27: every provision names what it provides; a query for no item would
  // still reveal who exists and is included, so it is refused.
  if (input.requested.length === 0) {
    denials.push({
      code: "NO_DATA_ITEM_REQUESTED",
      rule: "APPI art. 27(1)",
      message: "The query asks for no data item; select at least one field your scope allows.",
    });
  }
  for (const field of input.requested) push(checkItem(input, field));
  if (denials.length === 0) denials.push(...checkMyNumberItems(input, foreign));
  const items = [...new Set(input.requested.map((f) => f.item as string))];
  if (denials.length === 0 && basis === "OPT_OUT") {
    denials.push(...checkOptOutItems(input));
    push(checkOptOutNotice(input.optOutNotice ?? null, items, now));
  }
  if (denials.length === 0 && basis === "JOINT_USE") {
    push(checkJointUseNotice(input.jointUseNotice ?? null, input.purposeCode, items, now));
  }
  if (denials.length > 0) return { allowed: false, denials };

  const routeA = foreign === "ROUTE_A_CONSENT";
  const ground: ProvisionGround = routeA ? "FOREIGN_CONSENT" : HOME_GROUND[basis];
  const referable =
    recipient.linksReferableData && items.some((i) => input.catalog.get(i)?.class === "PERSONALLY_REFERABLE");
  const records: RecordKind[] = [
    ground === "CONSENT" || ground === "FOREIGN_CONSENT" || ground === "OPT_OUT" ? ground : "NOT_REQUIRED",
  ];
  if (referable) records.push("REFERABLE_CONFIRMATION");
  return {
    allowed: true,
    code: "PROVISION_ALLOWED",
    rule: groundArticle(ground),
    message: `${describe(recipient)} may receive ${items.join(", ")} for purpose "${input.purposeCode}" (${ground}).`,
    items: new Set(items),
    personRule: {
      ground,
      consent: routeA ? "FOREIGN" : basis === "THIRD_PARTY_CONSENT" ? "DOMESTIC" : "NONE",
      optOut: basis === "OPT_OUT",
      referableConfirmation: referable,
      records,
    },
  };
}
