/**
 * Stop of use, erasure and stop of provision (APPI art. 35): which demands can be taken up,
 * the workflow's states, what a refusal needs (alternative measures, 35(2), (4), (6)
 * provisos), and the notice to the person (35(7), 36). Pure.
 */
import type { RuleOutcome } from "./outcome.js";
import { STOP_GROUNDS, type StopGround } from "./stop-grounds.js";

export type StopKind = "STOP_USE" | "ERASURE" | "STOP_PROVISION";
export type StopStatus = "RECEIVED" | "VERIFIED" | "GRANTED" | "REFUSED";

export interface StopDraft {
  kind: StopKind;
  ground: StopGround;
  purposeCode: string | null;
  recipientId: string | null;
  items: readonly string[];
  purposeExists: boolean;
  recipientExists: boolean;
  /** Items held about people, and which of them may be emptied. */
  heldItems: ReadonlySet<string>;
  erasableItems: ReadonlySet<string>;
}

export function checkStopRequest(d: StopDraft): RuleOutcome[] {
  const problems: RuleOutcome[] = [];
  const fits = STOP_GROUNDS[d.ground].scope;
  // 35(1) grounds stop use or erase; 35(3) grounds stop provision; 35(5) grounds any of them.
  if (
    (fits === "USE_FOR_PURPOSE" && d.kind === "STOP_PROVISION") ||
    (fits === "THIRD_PARTY_PROVISION" && d.kind !== "STOP_PROVISION")
  )
    problems.push({
      code: "GROUND_DOES_NOT_FIT_SCOPE",
      rule: STOP_GROUNDS[d.ground].rule,
      message: `Ground ${d.ground} does not support a demand of ${d.kind}.`,
    });
  if (d.purposeCode && !d.purposeExists)
    problems.push({
      code: "UNKNOWN_PURPOSE",
      rule: "APPI art. 17(1)",
      message: `Purpose "${d.purposeCode}" does not exist.`,
    });
  if (d.recipientId && !d.recipientExists)
    problems.push({
      code: "UNKNOWN_RECIPIENT",
      rule: "APPI art. 35(3)",
      message: `Recipient "${d.recipientId}" does not exist.`,
    });
  if (d.kind === "ERASURE") {
    const notHeld = d.items.filter((i) => !d.heldItems.has(i));
    if (d.items.length === 0 || notHeld.length)
      problems.push({
        code: "ITEM_NOT_HELD",
        rule: "APPI art. 35(1)",
        message: d.items.length
          ? `Items not held: ${notHeld.join(", ")}.`
          : "An erasure names the items to erase.",
      });
  }
  return problems;
}

const NEXT: Record<StopStatus, readonly StopStatus[]> = {
  RECEIVED: ["VERIFIED", "REFUSED"],
  VERIFIED: ["GRANTED", "REFUSED"],
  GRANTED: [],
  REFUSED: [],
};

export function checkStopTransition(
  from: StopStatus,
  to: StopStatus,
): RuleOutcome<"REQUEST_WRONG_STATE"> | null {
  if (NEXT[from].includes(to)) return null;
  return {
    code: "REQUEST_WRONG_STATE",
    rule: from === "RECEIVED" ? "APPI art. 37" : "APPI art. 35(7)",
    message: `A ${from.toLowerCase()} stop request cannot become ${to.toLowerCase()}.`,
  };
}

// APPI art. 35(2), (4), (6) provisos: a stop may be declined only where it is very costly or
// difficult and alternative measures protect the person's rights instead; they are recorded.
export function checkStopDecision(d: {
  grant: boolean;
  reason: string;
  alternativeMeasures: string | null;
  kind: StopKind;
  items: readonly string[];
  erasableItems: ReadonlySet<string>;
}): RuleOutcome | null {
  if (!d.reason.trim())
    return {
      code: "REASON_MISSING",
      rule: "APPI art. 35(7)",
      message: "State the reason the person will read.",
    };
  if (!d.grant && !d.alternativeMeasures?.trim())
    return {
      code: "ALTERNATIVE_MEASURES_MISSING",
      rule: "APPI art. 35(2), (4), (6)",
      message:
        "A stop may be declined only with alternative measures that protect the person's rights; record them.",
    };
  if (d.grant && d.kind === "ERASURE") {
    const required = d.items.filter((i) => !d.erasableItems.has(i));
    if (required.length)
      return {
        code: "ITEM_REQUIRED",
        rule: "APPI art. 35(2)",
        message: `Items the customer record cannot be without: ${required.join(", ")}; erase what can be and stop use of the rest, or decline with alternative measures.`,
      };
  }
  return null;
}

// APPI art. 35(7), 36: the person is told the decision without delay, with reasons.
export function stopNotice(kind: StopKind, grant: boolean, reason: string, alternative: string | null) {
  const what = {
    STOP_USE: ["利用停止", "stop using"],
    ERASURE: ["消去", "erase"],
    STOP_PROVISION: ["第三者提供の停止", "stop providing to third parties"],
  }[kind];
  return grant
    ? {
        ja: `ご請求のとおり、保有個人データの${what[0]}を行いました（個人情報保護法第35条第7項）。${reason}`,
        en: `As you asked, we ${kind === "ERASURE" ? "erased" : "stopped"} (${what[1]}) your retained personal data (APPI art. 35(7)). ${reason}`,
      }
    : {
        ja: `${what[0]}は行わないことと決定しました（同法第35条第7項）。理由: ${reason}\n代わりに次の措置を講じます: ${alternative ?? ""}\n理由のご説明をご希望の場合はお申し出ください（同法第36条）。`,
        en: `We decided not to ${what[1]} (APPI art. 35(7)). Reason: ${reason}\nInstead we take these measures: ${alternative ?? ""}\nYou may ask us to explain (art. 36).`,
      };
}
