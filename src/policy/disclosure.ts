/** Rules for disclosure requests (APPI art. 33, 37-39; CO 11). */
import type { RuleOutcome } from "./outcome.js";

export type DisclosureStatus = "RECEIVED" | "VERIFIED" | "COMPILED" | "DELIVERED" | "REFUSED";

/** Grounds for withholding a provision record from disclosure (CO 11). */
export const WITHHOLDING_GROUNDS = {
  LIFE_BODY_PROPERTY:
    "Revealing the record's existence would endanger someone's life, body or property (CO 11(i))",
  ILLEGAL_ACTS: "Revealing it would encourage or induce illegal or unjust acts (CO 11(ii))",
  NATIONAL_SECURITY:
    "Revealing it would harm national security or relations with other countries (CO 11(iii))",
  CRIME_INVESTIGATION: "Revealing it would impede the prevention or investigation of crime (CO 11(iv))",
} as const;

export type WithholdingGround = keyof typeof WITHHOLDING_GROUNDS;

const DAY = 24 * 60 * 60 * 1000;

// APPI art. 33(2), 39: respond without delay; the person may sue two weeks after the request arrives.
export function disclosureDueBy(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + 14 * DAY);
}

export function isOverdue(r: { status: DisclosureStatus; dueBy: Date }, now: Date): boolean {
  return (
    (r.status === "RECEIVED" || r.status === "VERIFIED" || r.status === "COMPILED") &&
    r.dueBy.getTime() < now.getTime()
  );
}

const NEXT: Record<DisclosureStatus, readonly DisclosureStatus[]> = {
  RECEIVED: ["VERIFIED", "REFUSED"],
  VERIFIED: ["COMPILED", "REFUSED"],
  COMPILED: ["COMPILED", "DELIVERED", "REFUSED"],
  DELIVERED: [],
  REFUSED: [],
};

// APPI art. 33(2)-(3), 37: a request is verified, then compiled, then delivered, or refused with reasons.
export function checkTransition(
  from: DisclosureStatus,
  to: DisclosureStatus,
): RuleOutcome<"REQUEST_WRONG_STATE"> | null {
  if (NEXT[from].includes(to)) return null;
  return {
    code: "REQUEST_WRONG_STATE",
    // Identity is verified before anything is compiled (art. 37); a closed request stays closed (art. 33(3)).
    rule: from === "RECEIVED" && to !== "REFUSED" ? "APPI art. 37" : "APPI art. 33(3)",
    message: `A ${from.toLowerCase()} request cannot become ${to.toLowerCase()}.`,
  };
}

// APPI art. 37(1)-(3): identity is checked; an agent also proves their authority.
export function checkVerification(v: {
  identityVerification: string;
  agentName: string | null;
  agentAuthority: string | null;
}): RuleOutcome<"IDENTITY_NOT_VERIFIED" | "AGENT_AUTHORITY_MISSING"> | null {
  if (!v.identityVerification.trim())
    return {
      code: "IDENTITY_NOT_VERIFIED",
      rule: "APPI art. 37(1); CO 12",
      message: "State how the person's identity was verified.",
    };
  if (v.agentName && !v.agentAuthority?.trim())
    return {
      code: "AGENT_AUTHORITY_MISSING",
      rule: "APPI art. 37(3); CO 13",
      message: "A request by an agent needs proof of the agent's authority.",
    };
  return null;
}

// APPI art. 33(5): records under art. 29 must be disclosed; 27(5) logs only where the company chooses.
export function disclosedRecords<T extends { id: string; legallyRequired: boolean }>(
  events: readonly T[],
  withheld: ReadonlySet<string>,
  includeNotRequired: boolean,
): T[] {
  return events.filter((e) => !withheld.has(e.id) && (e.legallyRequired || includeNotRequired));
}

// APPI art. 33(3): a partial refusal is notified without delay, with reasons.
export function partialRefusalNotice(withheld: readonly { ground: WithholdingGround }[]): string | null {
  if (withheld.length === 0) return null;
  const grounds = [...new Set(withheld.map((w) => w.ground))].map((g) => `- ${WITHHOLDING_GROUNDS[g]}`);
  return [
    `Part of your request is not disclosed: ${withheld.length} provision record(s) are withheld under APPI art. 33(2) and Cabinet Order art. 11 on these grounds:`,
    ...grounds,
    "You may ask us for an explanation (art. 40) or consult the Personal Information Protection Commission.",
  ].join("\n");
}
