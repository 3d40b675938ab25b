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

/** Grounds for refusing all or part of a disclosure (art. 33(2)); these produce a notice. */
export const REFUSAL_GROUNDS = {
  HARM_TO_PERSON_OR_OTHERS: {
    rule: "APPI art. 33(2)(i)",
    ja: "本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがあるため",
    en: "Disclosure could harm the life, body, property or other rights and interests of you or others",
  },
  SERIOUS_HINDRANCE_TO_BUSINESS: {
    rule: "APPI art. 33(2)(ii)",
    ja: "当社の業務の適正な実施に著しい支障を及ぼすおそれがあるため",
    en: "Disclosure could seriously hinder the proper conduct of our business",
  },
  BREACH_OF_OTHER_LAWS: {
    rule: "APPI art. 33(2)(iii)",
    ja: "他の法令に違反することとなるため",
    en: "Disclosure would breach another law",
  },
} as const;

export type RefusalGround = keyof typeof REFUSAL_GROUNDS;

/** A part of the disclosure refused on an art. 33(2) ground: an item code, or RECORDS. */
export interface PartRefusal {
  part: string;
  ground: RefusalGround;
  reason: string;
}

export interface DisclosureNotice {
  ja: string;
  en: string;
}

// APPI art. 33(2)-(3), 36: a refusal of part of the request, or of the method asked for, is
// notified without delay with reasons; the person may ask for an explanation (art. 36).
// Records withheld under CO 11 are outside the disclosable records (33(5)) and are never
// mentioned: saying that some exist would itself reveal them.
export function disclosureNotice(
  refusals: readonly PartRefusal[],
  methodDifficultReason: string | null,
): DisclosureNotice | null {
  if (refusals.length === 0 && !methodDifficultReason) return null;
  const ja: string[] = [];
  const en: string[] = [];
  if (refusals.length > 0) {
    ja.push("ご請求のうち、次の部分は開示いたしません（個人情報保護法第33条第2項）。");
    en.push("We do not disclose the following parts of your request (APPI art. 33(2)):");
    for (const r of refusals) {
      const g = REFUSAL_GROUNDS[r.ground];
      const part =
        r.part === "RECORDS" ? ["第三者提供記録", "records of provision to others"] : [r.part, r.part];
      ja.push(`- ${part[0]}: ${g.ja}（${g.rule.replace("APPI art. ", "第")}）。${r.reason}`);
      en.push(`- ${part[1]}: ${g.en} (${g.rule}). ${r.reason}`);
    }
  }
  if (methodDifficultReason) {
    ja.push(
      `ご指定の方法による開示は困難なため、書面の交付により開示いたします（同条第2項）。理由: ${methodDifficultReason}`,
    );
    en.push(
      `Disclosure by the method you asked for is difficult, so we disclose in writing (art. 33(2)). Reason: ${methodDifficultReason}`,
    );
  }
  ja.push(
    "理由のご説明をご希望の場合はお申し出ください（同法第36条）。個人情報保護委員会にもご相談いただけます。",
  );
  en.push(
    "You may ask us to explain these reasons (art. 36), or consult the Personal Information Protection Commission.",
  );
  return { ja: ja.join("\n"), en: en.join("\n") };
}

// APPI art. 33(2): a refused part names a ground of 33(2) and a reason the person can read.
export function checkPartRefusal(
  r: { part: string; reason: string },
  holdsPart: boolean,
): RuleOutcome<"REFUSAL_REASON_MISSING" | "PART_NOT_HELD"> | null {
  if (!holdsPart)
    return {
      code: "PART_NOT_HELD",
      rule: "APPI art. 33(2)",
      message: `"${r.part}" is neither an item held about the person nor RECORDS.`,
    };
  if (!r.reason.trim())
    return {
      code: "REFUSAL_REASON_MISSING",
      rule: "APPI art. 33(3)",
      message: "A refusal states the reason the person will read.",
    };
  return null;
}
