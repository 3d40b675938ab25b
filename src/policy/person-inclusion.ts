/**
 * Whether one person may be included in a provision, given the operation's PersonRule:
 * suspension requests (35), improper acquisition (20), opt-out (27(2)), consent (27(1),
 * 28(1)), and confirmation for personally referable items (31). Pure; the same rule as SQL
 * is person-inclusion-sql.ts, and a test keeps the two in step.
 */
import { groundArticle, type PersonRule } from "./provision-scope.js";
import { stopArticle } from "./stop-grounds.js";
import { statementShownBeforeConsent } from "./registration-checks.js";
import type { RuleOutcome } from "./outcome.js";
import type { DataItemClass, RecipientFacts } from "./types.js";

export type AcquisitionMethod = "DIRECT" | "FROM_THIRD_PARTY_WITH_CONSENT" | "BY_OPT_OUT" | "IMPROPER";

export interface ConsentFacts {
  id: string;
  recipientId: string | null;
  recipientGroup: string | null;
  purposeCode: string;
  /** The purpose version the consent was given on (null: unknown, so `allItems` covers nothing). */
  purposeVersionId: string | null;
  allItems: boolean;
  items: readonly string[];
  foreignStatementId: string | null;
  givenAt: Date;
  withdrawnAt: Date | null;
}

export interface PersonState {
  id: string;
  acquisitionMethod: AcquisitionMethod;
  consents: readonly ConsentFacts[];
  optOutRequests: readonly { recipientId: string | null; receivedAt: Date; withdrawnAt: Date | null }[];
  suspensions: readonly {
    scope: "THIRD_PARTY_PROVISION" | "USE_FOR_PURPOSE";
    recipientId: string | null;
    purposeCode: string | null;
    /** Why the person demanded it (stop-grounds.ts); decides the paragraph cited. */
    ground?: string | null;
    receivedAt: Date;
    liftedAt: Date | null;
  }[];
  /** Person-level art. 31 pledges of any recipient. */
  referablePledges: readonly { recipientId: string; confirmedAt: Date; withdrawnAt: Date | null }[];
}

export interface InclusionContext {
  recipient: RecipientFacts;
  purposeCode: string;
  items: ReadonlySet<string>;
  classes: ReadonlyMap<string, DataItemClass>;
  /** Per purpose version: the items an `allItems` consent given on it covers. */
  allItemsCoverage: ReadonlyMap<string, ReadonlySet<string>>;
  rule: PersonRule;
  /** The recipient's foreign statements by id, with publication dates (route A consents rest on one). */
  foreignStatements: ReadonlyMap<string, Date>;
  /** The recipient holds an active batch pledge covering everyone it receives (31). */
  batchReferablePledge: boolean;
  now: Date;
}

export type ExclusionReason =
  | "SUSPENDED_PROVISION"
  | "SUSPENDED_USE"
  | "IMPROPERLY_ACQUIRED"
  | "ACQUIRED_BY_OPT_OUT"
  | "OPTED_OUT"
  | "NO_CONSENT"
  | "NO_FOREIGN_CONSENT"
  | "NO_REFERABLE_CONFIRMATION";

export type Exclusion = RuleOutcome<ExclusionReason> & { included: false };

export type Inclusion = (RuleOutcome<"INCLUDED"> & { included: true; consentId: string | null }) | Exclusion;

const MESSAGES: Record<ExclusionReason, string> = {
  SUSPENDED_PROVISION: "The person demanded that third-party provision stop.",
  SUSPENDED_USE: "The person demanded that use for this purpose stop.",
  IMPROPERLY_ACQUIRED: "The person's data was acquired improperly and is never provided.",
  ACQUIRED_BY_OPT_OUT: "The person's data was itself received by opt-out and is not passed on by opt-out.",
  OPTED_OUT: "The person asked that opt-out provision of their data stop.",
  NO_CONSENT: "No consent in force names this recipient, purpose and items.",
  NO_FOREIGN_CONSENT:
    "No consent to provision abroad, given on the recipient's statement, covers these items.",
  NO_REFERABLE_CONFIRMATION:
    "The recipient has not confirmed the person's consent to linking referable items.",
};

function exclude(code: ExclusionReason, rule: string): Exclusion {
  return { included: false, code, rule, message: MESSAGES[code] };
}

/** In force at `now`: started, and not ended (withdrawn or lifted) by then. */
export function inForce(start: Date, end: Date | null, now: Date): boolean {
  return start.getTime() <= now.getTime() && (end === null || end.getTime() > now.getTime());
}

/**
 * Items a consent covers: those it names; `allItems` covers the items of the purpose
 * version it was given on that were ordinary or referable then and still are now. A later
 * version adding an item, or reclassifying one as ordinary, does not widen it (art. 27(1)).
 */
export function consentCovers(
  consent: ConsentFacts,
  item: string,
  cls: DataItemClass | undefined,
  coverage: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  if (consent.items.includes(item)) return true;
  if (!consent.allItems || !(cls === "ORDINARY" || cls === "PERSONALLY_REFERABLE")) return false;
  return consent.purposeVersionId !== null && coverage.get(consent.purposeVersionId)?.has(item) === true;
}

// APPI art. 28(2), R17: a route A consent rests on one of the recipient's statements,
// published before the person consented (it must have been shown to them).
export function givenOnStatement(consent: ConsentFacts, statements: ReadonlyMap<string, Date>): boolean {
  const published = consent.foreignStatementId ? statements.get(consent.foreignStatementId) : undefined;
  return published !== undefined && statementShownBeforeConsent(published, consent.givenAt);
}

export function matchingConsent(person: PersonState, ctx: InclusionContext): ConsentFacts | null {
  const { recipient } = ctx;
  for (const consent of person.consents) {
    if (!inForce(consent.givenAt, consent.withdrawnAt, ctx.now)) continue;
    if (consent.purposeCode !== ctx.purposeCode) continue;
    const forRecipient =
      consent.recipientId === recipient.id ||
      (consent.recipientGroup !== null && consent.recipientGroup === recipient.groupCode);
    if (!forRecipient) continue;
    if (ctx.rule.consent === "FOREIGN" && !givenOnStatement(consent, ctx.foreignStatements)) continue;
    if (
      [...ctx.items].every((item) =>
        consentCovers(consent, item, ctx.classes.get(item), ctx.allItemsCoverage),
      )
    )
      return consent;
  }
  return null;
}

export function decidePerson(person: PersonState, ctx: InclusionContext): Inclusion {
  const { recipient, now, rule } = ctx;
  for (const s of person.suspensions) {
    if (!inForce(s.receivedAt, s.liftedAt, now)) continue;
    // APPI art. 35(5): a demand to stop third-party provision, to all or to this recipient.
    if (s.scope === "THIRD_PARTY_PROVISION" && (s.recipientId === null || s.recipientId === recipient.id)) {
      return exclude("SUSPENDED_PROVISION", stopArticle(s.scope, s.ground));
    }
    // APPI art. 35(1)/(5): a demand to stop use for this purpose.
    if (s.scope === "USE_FOR_PURPOSE" && s.purposeCode === ctx.purposeCode) {
      return exclude("SUSPENDED_USE", stopArticle(s.scope, s.ground));
    }
  }
  // APPI art. 20(1): improperly acquired data is never provided.
  if (person.acquisitionMethod === "IMPROPER") return exclude("IMPROPERLY_ACQUIRED", "APPI art. 20(1)");
  if (rule.optOut) {
    // APPI art. 27(2) proviso: data itself received by opt-out may not be passed on by opt-out.
    if (person.acquisitionMethod === "BY_OPT_OUT") return exclude("ACQUIRED_BY_OPT_OUT", "APPI art. 27(2)");
    // APPI art. 27(2): a person's request stops opt-out provision of their data.
    if (
      person.optOutRequests.some(
        (r) =>
          inForce(r.receivedAt, r.withdrawnAt, now) &&
          (r.recipientId === null || r.recipientId === recipient.id),
      )
    ) {
      return exclude("OPTED_OUT", "APPI art. 27(2)");
    }
  }
  let consentId: string | null = null;
  if (rule.consent !== "NONE") {
    const consent = matchingConsent(person, ctx);
    // APPI art. 27(1) / 28(1): consent naming this recipient, purpose and items (sensitive
    // items and identification codes named explicitly); abroad, given on a statement (R17).
    if (!consent) {
      return rule.consent === "FOREIGN"
        ? exclude("NO_FOREIGN_CONSENT", "APPI art. 28(1)")
        : exclude("NO_CONSENT", "APPI art. 27(1)");
    }
    consentId = consent.id;
  }
  // APPI art. 31(1): the recipient confirmed the person's consent to linking referable items.
  if (rule.referableConfirmation && !ctx.batchReferablePledge) {
    const pledged = person.referablePledges.some(
      (p) => p.recipientId === recipient.id && inForce(p.confirmedAt, p.withdrawnAt, now),
    );
    if (!pledged) return exclude("NO_REFERABLE_CONFIRMATION", "APPI art. 31(1)");
  }
  return {
    included: true,
    code: "INCLUDED",
    rule: groundArticle(rule.ground),
    message: consentId ? `Included on consent ${consentId}.` : `Included (${rule.ground}).`,
    consentId,
  };
}
